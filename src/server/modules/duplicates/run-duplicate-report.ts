import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { partitionPairsSql, REPORT_MIN_SCORE } from './duplicate-blocking.ts';

// Blocks never span two birth dates, so birth-date partitions are independent: two run side by side on
// the two cores. Each partition commits its pairs with a checkpoint row, so a run interrupted by a restart
// redoes only the partitions it had not committed, and the partitions are the steps of its progress.
export const PARTITIONS = 16;
const CONCURRENCY = 2;
// A run without a job (benchmarks, direct calls) still 'running' after this was cut off by a restart.
const STALE_AFTER = '15 minutes';

export type DuplicateRunResult = { runId: string; pairs: number; seconds: number };

/** What the job platform lends a run: progress for the jobs screen, and a place to stop between steps. */
export type RunHooks = {
  progress?: (done: number, total: number) => Promise<void>;
  checkpoint?: () => Promise<void>;
};

const runInProgress = (runId: string | null) =>
  new AppError(
    'conflict',
    'Поиск дубликатов уже выполняется. Дождитесь его завершения.',
    [],
    runId ? { runningRunId: runId } : {},
  );

/**
 * Registers a run, computed by the job jobId (or by the caller when null); at most one runs at a time (a
 * unique index backs the check against races). A run whose job has ended is no longer running.
 */
export async function createDuplicateRun(
  db: Kysely<DB>,
  startedBy: string | null,
  jobId: string | null = null,
): Promise<string> {
  await sql`UPDATE duplicate_runs r SET status = 'failed', finished_at = now()
             WHERE r.status = 'running'
               AND ((r.job_id IS NULL AND r.started_at < now() - ${STALE_AFTER}::interval)
                    OR EXISTS (SELECT 1 FROM background_jobs b WHERE b.id = r.job_id
                                  AND b.state IN ('completed', 'failed', 'cancelled')))`.execute(db);
  const running = await sql<{ id: string }>`
    SELECT id FROM duplicate_runs WHERE status = 'running'`.execute(db);
  if (running.rows[0]) throw runInProgress(running.rows[0].id);
  try {
    const r = await sql<{ id: string }>`
      INSERT INTO duplicate_runs (min_score, started_by, job_id)
      VALUES (${REPORT_MIN_SCORE}, ${startedBy}, ${jobId}) RETURNING id`.execute(db);
    return r.rows[0]!.id;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw runInProgress(null);
    throw err;
  }
}

/** The run a job computes. */
export async function runOfJob(db: Kysely<DB>, jobId: string): Promise<string | null> {
  const r = await sql<{ id: string }>`SELECT id FROM duplicate_runs WHERE job_id = ${jobId}`.execute(db);
  return r.rows[0]?.id ?? null;
}

/**
 * One partition in one transaction: its pairs and its checkpoint commit together. The advisory lock makes
 * a second runner of the same run (a stale attempt still alive) wait and then find the checkpoint.
 * Returns null when the partition was already done.
 */
async function runPartition(db: Kysely<DB>, runId: string, partition: number): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${runId}), ${partition}::int)`.execute(tx);
    const done = await sql`SELECT 1 FROM duplicate_run_partitions
                            WHERE run_id = ${runId} AND partition = ${partition}`.execute(tx);
    if (done.rows.length) return null;
    // One partition's sort holds a sixteenth of the keys; the default 4 MB would spill to disk.
    await sql`SET LOCAL work_mem = '64MB'`.execute(tx);
    // A hash aggregate keeps an array_agg state per block in memory: millions of them. Sorted grouping
    // streams block after block.
    await sql`SET LOCAL enable_hashagg = off`.execute(tx);
    // The partitions are the parallelism; parallel workers inside each would only fight over the cores.
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(tx);
    const r = await partitionPairsSql(runId, PARTITIONS, partition, REPORT_MIN_SCORE).execute(tx);
    const pairs = Number(r.numAffectedRows ?? 0);
    await sql`INSERT INTO duplicate_run_partitions (run_id, partition, pairs)
              VALUES (${runId}, ${partition}, ${pairs})`.execute(tx);
    return pairs;
  });
}

async function donePartitions(db: Kysely<DB>, runId: string): Promise<Set<number>> {
  const r = await sql<{ partition: number }>`
    SELECT partition FROM duplicate_run_partitions WHERE run_id = ${runId}`.execute(db);
  return new Set(r.rows.map((x) => x.partition));
}

/**
 * Computes the pairs of a registered run, resuming after the partitions an earlier attempt committed,
 * and marks it finished once. A failure is thrown with the committed partitions kept, for a retry;
 * abandonDuplicateRun gives up on the run.
 */
export async function executeDuplicateRun(
  db: Kysely<DB>,
  runId: string,
  hooks: RunHooks = {},
): Promise<DuplicateRunResult> {
  const started = performance.now();
  const done = await donePartitions(db, runId);
  const todo = Array.from({ length: PARTITIONS }, (_, i) => i).filter((p) => !done.has(p));
  let finished = done.size;
  await hooks.progress?.(finished, PARTITIONS);
  let stop = false;
  const worker = async () => {
    while (!stop && todo.length) {
      const partition = todo.shift()!;
      try {
        await hooks.checkpoint?.();
        await runPartition(db, runId, partition);
        finished++;
        await hooks.progress?.(finished, PARTITIONS);
      } catch (err) {
        stop = true; // the other worker stops after its current partition
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: CONCURRENCY }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const r = await sql<{ pairs: number }>`
    UPDATE duplicate_runs SET status = 'finished', finished_at = now(),
           pairs = (SELECT coalesce(sum(pairs), 0)::int FROM duplicate_run_partitions WHERE run_id = ${runId})
     WHERE id = ${runId} AND status = 'running'
     RETURNING pairs`.execute(db);
  const pairs =
    r.rows[0]?.pairs ??
    (await sql<{ pairs: number }>`SELECT pairs FROM duplicate_runs WHERE id = ${runId}`.execute(db)).rows[0]
      ?.pairs ??
    0;
  return { runId, pairs, seconds: (performance.now() - started) / 1000 };
}

/** Gives up on a run: marks it failed and drops what its partitions computed. */
export async function abandonDuplicateRun(db: Kysely<DB>, runId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`DELETE FROM duplicate_pairs WHERE run_id = ${runId}`.execute(tx);
    await sql`DELETE FROM duplicate_run_partitions WHERE run_id = ${runId}`.execute(tx);
    await sql`UPDATE duplicate_runs SET status = 'failed', finished_at = now()
               WHERE id = ${runId} AND status = 'running'`.execute(tx);
  });
}

/**
 * The whole regional duplicate report in one call: suspected pairs of active persons, scored, without
 * pairs declared different, computed in this process (benchmarks, tests); POST /duplicates/runs runs it as a
 * durable job instead (duplicate-report.job.ts).
 */
export async function runDuplicateReport(
  db: Kysely<DB>,
  opts: { startedBy: string | null },
): Promise<DuplicateRunResult> {
  const runId = await createDuplicateRun(db, opts.startedBy);
  try {
    return await executeDuplicateRun(db, runId);
  } catch (err) {
    await abandonDuplicateRun(db, runId);
    throw err;
  }
}
