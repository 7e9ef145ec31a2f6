import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTITIONS, runDuplicateReport } from '../../src/server/modules/duplicates/run-duplicate-report.ts';
import { freePort } from '../support/browser.ts';
import { apiSession, type ChildServer, startChildServer } from '../support/child-server.ts';
import { startTestServer } from '../support/server.ts';

// The acceptance test of durable jobs: the server is killed (SIGKILL, no shutdown hook) while the
// duplicate report runs, started again on the same database, and the job must finish there exactly
// once, with the pairs that an uninterrupted run finds on the same data.

const PASSWORD = 'Demo-Password-2026!';
/** Big enough that the report takes seconds: one partition at a time can be seen done. */
const LEARNERS = '30000';

let dbUrl: string;
let owner: pg.Pool;
let baseline: string[];
let baselineSeconds: number;
const children: ChildServer[] = [];

const pairsOf = async (runId: string) =>
  (
    await owner.query<{ p: string }>(
      `SELECT person_a || ' ' || person_b || ' ' || score AS p FROM duplicate_pairs
        WHERE run_id = $1 ORDER BY person_a, person_b`,
      [runId],
    )
  ).rows.map((r) => r.p);

beforeAll(async () => {
  // The demo region with its learners and accounts, on a database of its own.
  const seeded = await startTestServer({
    DEMO_ACCOUNTS: 'true',
    DEMO_PASSWORD: PASSWORD,
    DEMO_LEARNERS: LEARNERS,
  });
  dbUrl = seeded.dbUrl;
  owner = new pg.Pool({ connectionString: dbUrl, max: 2 });
  // The uninterrupted run, computed in-process on the same data.
  const run = await runDuplicateReport(seeded.database.db, { startedBy: null });
  baselineSeconds = run.seconds;
  baseline = await pairsOf(run.runId);
  await seeded.stop();
});

afterAll(async () => {
  for (const c of children) await c.kill();
  await owner?.end();
});

type Job = {
  state: string;
  progress: { done: number; total: number | null };
  attempts: number;
  result: { runId?: string; pairs?: number } | null;
};

describe('a durable job survives a killed server', () => {
  it('the duplicate report killed half-way completes once after the restart, with the same pairs', async () => {
    expect(baseline.length).toBeGreaterThan(0);
    const port = await freePort();
    let server = await startChildServer(dbUrl, port);
    children.push(server);
    const headers = await apiSession(server.base, 'region', PASSWORD);
    const getJob = async (id: string): Promise<Job> => {
      const r = await fetch(`${server.base}/api/v1/jobs/${id}`, { headers });
      expect(r.status).toBe(200);
      return (await r.json()) as Job;
    };

    const start = await fetch(`${server.base}/api/v1/duplicates/runs`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(start.status).toBe(202);
    const { jobId, runId } = (await start.json()) as { jobId: string; runId: string };

    // Kill as soon as the first partition is committed.
    let job: Job | null = null;
    for (let i = 0; i < 6000 && !(job && job.progress.done > 0); i++) {
      job = await getJob(jobId);
      if (job.state !== 'running' && job.state !== 'queued') break;
      await new Promise((ok) => setTimeout(ok, 10));
    }
    await server.kill();
    expect(job?.state).toBe('running');
    const atKill = await owner.query(
      `SELECT b.state, b.progress_done, b.finished_at, r.status,
              (SELECT count(*)::int FROM duplicate_run_partitions p WHERE p.run_id = r.id) AS partitions
         FROM background_jobs b JOIN duplicate_runs r ON r.job_id = b.id WHERE b.id = $1`,
      [jobId],
    );
    expect(atKill.rows[0]).toMatchObject({ state: 'running', finished_at: null, status: 'running' });
    expect(atKill.rows[0].progress_done).toBeGreaterThan(0);
    expect(atKill.rows[0].partitions).toBeGreaterThan(0);
    expect(atKill.rows[0].partitions).toBeLessThan(PARTITIONS);

    // The same database, a new process: the job is taken up again when its heartbeat is missed.
    server = await startChildServer(dbUrl, port);
    children.push(server);
    for (let i = 0; i < 1800; i++) {
      job = await getJob(jobId);
      if (['completed', 'failed', 'cancelled'].includes(job.state)) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(job).toMatchObject({
      state: 'completed',
      progress: { done: PARTITIONS, total: PARTITIONS },
      result: { runId, pairs: baseline.length },
    });
    expect(job!.attempts).toBeGreaterThanOrEqual(2);

    // Once: one run for the job, finished; one completed delivery; one completion in the logs.
    const runs = await owner.query(`SELECT status, pairs FROM duplicate_runs WHERE job_id = $1`, [jobId]);
    expect(runs.rows).toEqual([{ status: 'finished', pairs: baseline.length }]);
    const delivery = await owner.query(`SELECT state::text FROM pgboss.job WHERE id = $1`, [jobId]);
    expect(delivery.rows).toEqual([{ state: 'completed' }]);
    const completions = children.flatMap((c) =>
      c.logs.filter((l) => l.jobId === jobId && l.msg === 'job completed'),
    );
    expect(completions).toHaveLength(1);
    expect(await pairsOf(runId)).toEqual(baseline);
    // The figures of the run, for the record of the acceptance check.
    // biome-ignore lint/suspicious/noConsole: a test's report line
    console.info(
      `duplicate report: ${baseline.length} pairs, ${baselineSeconds.toFixed(1)} s uninterrupted; ` +
        `killed after ${atKill.rows[0].partitions} of ${PARTITIONS} partitions, completed on attempt ${job!.attempts}`,
    );

    await server.stop();
  });

  it('SIGTERM during a report: the attempt ends at its next step, the server exits 0, the job continues after a start', async () => {
    const port = await freePort();
    let server = await startChildServer(dbUrl, port);
    children.push(server);
    const headers = await apiSession(server.base, 'region', PASSWORD);
    const getJob = async (id: string): Promise<Job & { error: string | null }> => {
      const r = await fetch(`${server.base}/api/v1/jobs/${id}`, { headers });
      expect(r.status).toBe(200);
      return (await r.json()) as Job & { error: string | null };
    };
    const start = await fetch(`${server.base}/api/v1/duplicates/runs`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(start.status).toBe(202);
    const { jobId, runId } = (await start.json()) as { jobId: string; runId: string };
    let job: (Job & { error: string | null }) | null = null;
    for (let i = 0; i < 6000 && !(job && job.progress.done > 0); i++) {
      job = await getJob(jobId);
      if (job.state !== 'running' && job.state !== 'queued') break;
      await new Promise((ok) => setTimeout(ok, 10));
    }
    expect(job?.state).toBe('running');
    await server.stop();
    expect(server.process.exitCode).toBe(0);
    const stopped = await owner.query(
      `SELECT b.state, b.error, (SELECT count(*)::int FROM duplicate_run_partitions p WHERE p.run_id = $2) AS partitions
         FROM background_jobs b WHERE b.id = $1`,
      [jobId, runId],
    );
    expect(stopped.rows[0]).toMatchObject({
      state: 'retrying',
      error: 'Сервер остановлен во время выполнения; задача продолжится после его запуска',
    });
    expect(stopped.rows[0].partitions).toBeLessThan(PARTITIONS);

    server = await startChildServer(dbUrl, port);
    children.push(server);
    for (let i = 0; i < 1800; i++) {
      job = await getJob(jobId);
      if (['completed', 'failed', 'cancelled'].includes(job.state)) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(job).toMatchObject({ state: 'completed', error: null, result: { runId, pairs: baseline.length } });
    expect(await pairsOf(runId)).toEqual(baseline);
    await server.stop();
    expect(server.process.exitCode).toBe(0);
  });
});
