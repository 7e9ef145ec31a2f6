import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { partitionPairsSql, REPORT_MIN_SCORE } from './duplicate-blocking.ts';

// Blocks never span two birth dates, so birth-date partitions are independent: two run side by side on
// the two cores, and each sorts a quarter of the keys.
const PARTITIONS = 4;
const CONCURRENCY = 2;
// A run takes a minute or two; one still 'running' after this was cut off by a restart.
const STALE_AFTER = '15 minutes';

export type DuplicateRunResult = { runId: string; pairs: number; seconds: number };

const runInProgress = (runId: string | null) =>
  new AppError(
    'conflict',
    'Поиск дубликатов уже выполняется. Дождитесь его завершения.',
    [],
    runId ? { runningRunId: runId } : {},
  );

/** Registers a run; at most one runs at a time (a unique index backs the check against races). */
export async function createDuplicateRun(db: Kysely<DB>, startedBy: string | null): Promise<string> {
  await sql`UPDATE duplicate_runs SET status = 'failed', finished_at = now()
             WHERE status = 'running' AND started_at < now() - ${STALE_AFTER}::interval`.execute(db);
  const running = await sql<{ id: string }>`
    SELECT id FROM duplicate_runs WHERE status = 'running'`.execute(db);
  if (running.rows[0]) throw runInProgress(running.rows[0].id);
  try {
    const r = await sql<{ id: string }>`
      INSERT INTO duplicate_runs (min_score, started_by) VALUES (${REPORT_MIN_SCORE}, ${startedBy})
      RETURNING id`.execute(db);
    return r.rows[0]!.id;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw runInProgress(null);
    throw err;
  }
}

async function runPartition(db: Kysely<DB>, runId: string, partition: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    // One partition's sort holds about a quarter of the keys; the default 4 MB would spill to disk.
    await sql`SET LOCAL work_mem = '128MB'`.execute(tx);
    // A hash aggregate keeps an array_agg state per block in memory: millions of them. Sorted grouping
    // streams block after block.
    await sql`SET LOCAL enable_hashagg = off`.execute(tx);
    // The partitions are the parallelism; parallel workers inside each would only fight over the cores.
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(tx);
    const r = await partitionPairsSql(runId, PARTITIONS, partition, REPORT_MIN_SCORE).execute(tx);
    return Number(r.numAffectedRows ?? 0);
  });
}

/** Computes the pairs of a registered run and marks it finished, or failed (its pairs removed). */
export async function executeDuplicateRun(db: Kysely<DB>, runId: string): Promise<DuplicateRunResult> {
  const started = performance.now();
  let next = 0;
  let pairs = 0;
  const worker = async () => {
    while (next < PARTITIONS) {
      const partition = next++;
      try {
        // Read the total only after the await: `pairs += await …` would add to a stale total.
        const found = await runPartition(db, runId, partition);
        pairs += found;
      } catch (err) {
        next = PARTITIONS; // the other worker stops after its current partition
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: CONCURRENCY }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await sql`DELETE FROM duplicate_pairs WHERE run_id = ${runId}`.execute(db);
    await sql`UPDATE duplicate_runs SET status = 'failed', finished_at = now() WHERE id = ${runId}`.execute(
      db,
    );
    throw failed.reason;
  }
  await sql`UPDATE duplicate_runs SET status = 'finished', finished_at = now(), pairs = ${pairs}
             WHERE id = ${runId}`.execute(db);
  return { runId, pairs, seconds: (performance.now() - started) / 1000 };
}

/**
 * The whole regional duplicate report in one call: suspected pairs of active persons, scored, without
 * pairs declared different. Used by the background job behind POST /duplicates/runs and by benchmarks.
 */
export async function runDuplicateReport(
  db: Kysely<DB>,
  opts: { startedBy: string | null },
): Promise<DuplicateRunResult> {
  const runId = await createDuplicateRun(db, opts.startedBy);
  return executeDuplicateRun(db, runId);
}
