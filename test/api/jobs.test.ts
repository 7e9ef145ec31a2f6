import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/server/platform/db/tx.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let regional: TestUser;
let regional2: TestUser;
let specialistA: TestUser;
let specialistB: TestUser;
let operator: TestUser;
let analyst: TestUser;
let munA: string;

const inject = (u: TestUser | null, method: 'GET' | 'POST', url: string) =>
  s.app.inject({ method, url, ...(u ? { headers: u.headers } : {}) });

/** Polls a job until the predicate holds; the bound is on iterations, not on time. */
async function waitForJob(u: TestUser, id: string, until: (job: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 1200; i++) {
    const r = await inject(u, 'GET', `/api/v1/jobs/${id}`);
    expect(r.statusCode, r.body).toBe(200);
    if (until(r.json())) return r.json();
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error(`job ${id} never reached the expected state`);
}

const final = (j: Record<string, unknown>) =>
  ['completed', 'failed', 'cancelled'].includes(j.state as string);

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  munA = await buildMunicipality(s);
  const munB = await buildMunicipality(s);
  const org = await buildOrganization(s, { territoryId: munA });
  regional = await buildUser(s, 'regional_operator', region);
  regional2 = await buildUser(s, 'regional_operator', region);
  specialistA = await buildUser(s, 'municipal_specialist', munA);
  specialistB = await buildUser(s, 'municipal_specialist', munB);
  operator = await buildUser(s, 'org_operator', org.id);
  analyst = await buildUser(s, 'analyst', region);
  // A planted pair, so that the report has something to find.
  for (const first of ['Арсений', 'Арсенй']) {
    const p = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
       VALUES ('Прохоренко', $1, 'Викторович', '2013-05-05', 'male') RETURNING id`,
      [first],
    );
    await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, '2023-09-01')`,
      [p.rows[0].id, org.id],
    );
  }
});
afterAll(async () => {
  await s.stop();
});

describe('the queue schema', () => {
  it('is written by the runtime role but owned by the migrator: no CREATE, ALTER or DROP there', async () => {
    const pool = s.database.pool;
    const n = await pool.query('SELECT count(*)::int AS n FROM pgboss.queue');
    expect(n.rows[0].n).toBeGreaterThan(0);
    await expect(pool.query('CREATE TABLE pgboss.kt_intruder (id int)')).rejects.toThrow(/permission denied/);
    await expect(pool.query('ALTER TABLE pgboss.job ADD COLUMN x int')).rejects.toThrow(/must be owner/);
    await expect(pool.query('DROP TABLE pgboss.queue')).rejects.toThrow(/must be owner/);
  });
});

describe('background jobs', () => {
  let jobId: string;
  let runId: string;

  it('the duplicate report runs as a job: progress, result summary, visible to its owner', async () => {
    const start = await inject(regional, 'POST', '/api/v1/duplicates/runs');
    expect(start.statusCode, start.body).toBe(202);
    ({ jobId, runId } = start.json());
    const job = await waitForJob(regional, jobId, final);
    expect(job).toMatchObject({
      id: jobId,
      kind: 'duplicate-report',
      title: 'Поиск дубликатов по региону',
      state: 'completed',
      progress: { done: 16, total: 16 },
      owner: { id: regional.id },
      attempts: 1,
      result: { runId, pairs: 1 },
      summary: 'Найдено пар возможных дубликатов: 1',
      error: null,
      canCancel: false,
    });
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt).not.toBeNull();
    const run = await inject(regional, 'GET', `/api/v1/duplicates/runs/${runId}`);
    expect(run.json()).toMatchObject({ status: 'finished', pairs: 1, jobId });
    // pg-boss holds the delivery record under the same id.
    const delivery = await s.owner.query(`SELECT state::text FROM pgboss.job WHERE id = $1`, [jobId]);
    expect(delivery.rows[0].state).toBe('completed');
  });

  it('lists the jobs newest first, pages with a cursor, filters by state', async () => {
    const list = await inject(regional, 'GET', '/api/v1/jobs');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((j: { id: string }) => j.id)).toContain(jobId);
    const completed = await inject(regional, 'GET', '/api/v1/jobs?state=completed&limit=1');
    expect(completed.json().items).toHaveLength(1);
    const bad = await inject(regional, 'GET', '/api/v1/jobs?state=done');
    expect(bad.statusCode).toBe(400);
    const badCursor = await inject(regional, 'GET', '/api/v1/jobs?cursor=zzz');
    expect(badCursor.statusCode).toBe(400);
  });

  it('a region-wide job is seen by every regional operator, not by a municipality', async () => {
    expect((await inject(regional2, 'GET', `/api/v1/jobs/${jobId}`)).statusCode).toBe(200);
    expect((await inject(specialistA, 'GET', `/api/v1/jobs/${jobId}`)).statusCode).toBe(404);
    const list = await inject(specialistA, 'GET', '/api/v1/jobs');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((j: { id: string }) => j.id)).not.toContain(jobId);
  });

  it("a municipality's job is seen by its specialists and its owner, not by another municipality", async () => {
    const id = randomUUID();
    // Owned by specialist B, about municipality A: finished, so that no worker or reconciliation touches it.
    await s.owner.query(
      `INSERT INTO background_jobs (id, kind, state, owner_id, scope_node_id, finished_at, result)
       VALUES ($1, 'duplicate-report', 'completed', $2, $3, now(), '{"pairs": 0}')`,
      [id, specialistB.id, munA],
    );
    expect((await inject(specialistA, 'GET', `/api/v1/jobs/${id}`)).statusCode).toBe(200);
    expect((await inject(specialistB, 'GET', `/api/v1/jobs/${id}`)).statusCode).toBe(200);
    expect((await inject(regional, 'GET', `/api/v1/jobs/${id}`)).statusCode).toBe(200);
    await s.owner.query(`UPDATE background_jobs SET owner_id = $2 WHERE id = $1`, [id, specialistA.id]);
    expect((await inject(specialistB, 'GET', `/api/v1/jobs/${id}`)).statusCode).toBe(404);
    const cancel = await inject(specialistB, 'POST', `/api/v1/jobs/${id}/cancel`);
    expect(cancel.statusCode).toBe(404);
    const denied = await auditRows(s, `action = 'job.cancel' AND object_id = $1`, [id]);
    expect(denied.map((r) => r.outcome)).toEqual(['denied']);
  });

  it('401 without a session, 403 for roles without jobs, 404 for an unknown job, 409 on a finished one', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/jobs'],
      ['GET', `/api/v1/jobs/${jobId}`],
      ['POST', `/api/v1/jobs/${jobId}/cancel`],
    ] as const) {
      expect((await inject(null, method, url)).statusCode, url).toBe(401);
      expect((await inject(operator, method, url)).statusCode, url).toBe(403);
      expect((await inject(analyst, method, url)).statusCode, url).toBe(403);
    }
    expect((await inject(regional, 'GET', `/api/v1/jobs/${randomUUID()}`)).statusCode).toBe(404);
    expect((await inject(regional, 'GET', '/api/v1/jobs/not-a-uuid')).statusCode).toBe(400);
    const done = await inject(regional, 'POST', `/api/v1/jobs/${jobId}/cancel`);
    expect(done.statusCode).toBe(409);
    expect(done.json().detail).toBe('Задача уже завершена, отменять нечего');
  });

  it('a failing attempt is retried with back-off and shows its error in Russian; cancel takes it out', async () => {
    // A duplicate-report job without its run fails on every attempt.
    const id = await withTransaction(s.database.db, (tx) =>
      s.app.services.jobs.enqueue(tx, 'duplicate-report', {}, { ownerId: regional.id, scopeNodeId: null }),
    );
    const retrying = await waitForJob(regional, id, (j) => j.state === 'retrying');
    expect(retrying).toMatchObject({
      attempts: 1,
      error: 'Запуск поиска дубликатов для задачи не найден',
      canCancel: true,
    });
    // pg-boss records the failure just after the attempt has: the retry waits for its back-off delay.
    let delivery: { state: string; later: boolean } | undefined;
    for (let i = 0; i < 200 && delivery?.state !== 'retry'; i++) {
      await new Promise((ok) => setTimeout(ok, 20));
      delivery = (
        await s.owner.query(
          `SELECT state::text, start_after > now() AS later FROM pgboss.job WHERE id = $1`,
          [id],
        )
      ).rows[0];
    }
    expect(delivery).toMatchObject({ state: 'retry', later: true });
    const cancel = await inject(regional, 'POST', `/api/v1/jobs/${id}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ state: 'cancelled', cancelRequested: true, canCancel: false });
    const after = await s.owner.query(`SELECT state::text FROM pgboss.job WHERE id = $1`, [id]);
    expect(after.rows[0].state).toBe('cancelled');
    const audit = await auditRows(s, `action = 'job.cancel' AND object_id = $1`, [id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'success', actor_user_id: regional.id });
  });

  it('a running job stops at its next checkpoint when cancelled; its run is dropped', async () => {
    // Hold the checkpoint table so that the job stays inside its first step.
    const blocker: pg.PoolClient = await s.owner.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE duplicate_run_partitions IN ACCESS EXCLUSIVE MODE');
    let id: string;
    let run: string;
    try {
      const start = await inject(regional, 'POST', '/api/v1/duplicates/runs');
      expect(start.statusCode, start.body).toBe(202);
      ({ jobId: id, runId: run } = start.json());
      await waitForJob(regional, id, (j) => j.state === 'running');
      const busy = await inject(regional, 'POST', '/api/v1/duplicates/runs');
      expect(busy.statusCode).toBe(409);
      const cancel = await inject(regional, 'POST', `/api/v1/jobs/${id}/cancel`);
      expect(cancel.statusCode, cancel.body).toBe(200);
      expect(cancel.json()).toMatchObject({ state: 'running', cancelRequested: true, canCancel: false });
    } finally {
      await blocker.query('COMMIT');
      blocker.release();
    }
    const job = await waitForJob(regional, id, final);
    expect(job.state).toBe('cancelled');
    const r = await inject(regional, 'GET', `/api/v1/duplicates/runs/${run}`);
    expect(r.json().status).toBe('failed');
    const pairs = await s.owner.query('SELECT count(*)::int AS n FROM duplicate_pairs WHERE run_id = $1', [
      run,
    ]);
    expect(pairs.rows[0].n).toBe(0);
    // The next run may start.
    const again = await inject(regional, 'POST', '/api/v1/duplicates/runs');
    expect(again.statusCode, again.body).toBe(202);
    expect((await waitForJob(regional, again.json().jobId, final)).state).toBe('completed');
  });
});

describe('a scheduled duplicate report', () => {
  let t: TestServer;
  let viewer: TestUser;
  beforeAll(async () => {
    t = await startTestServer({ DUPLICATE_REPORT_CRON: '0 2 * * 0' });
    viewer = await buildUser(t, 'regional_operator', await buildRegion(t));
  });
  afterAll(async () => {
    await t.stop();
  });

  /** What pg-boss's cron pass does on an occurrence: a job in the queue, without a record of ours. */
  const occur = async () =>
    (
      await t.owner.query(
        `INSERT INTO pgboss.job (name, data, retry_limit, heartbeat_seconds) VALUES ('duplicate-report', '{}', 5, 10)
         RETURNING id`,
      )
    ).rows[0].id as string;
  const jobOf = async (id: string) => {
    for (let i = 0; i < 1200; i++) {
      const r = await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: viewer.headers });
      if (r.statusCode === 200 && final(r.json())) return r.json();
      await new Promise((ok) => setTimeout(ok, 50));
    }
    throw new Error('the scheduled job did not finish');
  };

  it('is registered with the queue from DUPLICATE_REPORT_CRON, in the configured time zone', async () => {
    const r = await t.owner.query(
      `SELECT cron, timezone FROM pgboss.schedule WHERE name = 'duplicate-report'`,
    );
    expect(r.rows).toEqual([{ cron: '0 2 * * 0', timezone: 'Asia/Irkutsk' }]);
  });

  it('an occurrence registers its run and runs it, owned by no one and seen by the regional operators', async () => {
    const id = await occur();
    const job = await jobOf(id);
    expect(job).toMatchObject({
      state: 'completed',
      owner: null,
      summary: 'Найдено пар возможных дубликатов: 0',
    });
    const run = await t.owner.query(`SELECT status, started_by FROM duplicate_runs WHERE job_id = $1`, [id]);
    expect(run.rows).toEqual([{ status: 'finished', started_by: null }]);
  });

  it('an occurrence while a run is going is recorded as skipped', async () => {
    const running = await t.owner.query(`INSERT INTO duplicate_runs (min_score) VALUES (0.8) RETURNING id`);
    try {
      const job = await jobOf(await occur());
      expect(job).toMatchObject({
        state: 'completed',
        summary: 'Не запускался: Поиск дубликатов уже выполняется. Дождитесь его завершения.',
      });
    } finally {
      await t.owner.query(`UPDATE duplicate_runs SET status = 'failed', finished_at = now() WHERE id = $1`, [
        running.rows[0].id,
      ]);
    }
  });
});
