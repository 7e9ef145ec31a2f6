import pg from 'pg';
import { type Backfill, findBackfill } from './backfills.ts';
import type { BackfillMode } from './migration-files.ts';

/** Advisory lock class of the backfills; the key is the hash of the name. */
const LOCK_CLASS = 7_388_003;
export const DEFAULT_BATCH_SIZE = 500;
const PROGRESS_EVERY_MS = 10_000;
const RETRIES = 5;

/** The checkpoints: one row per backfill, reset by each new request for it. */
export async function ensureBackfillTable(client: pg.ClientBase): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_backfills (
    name text PRIMARY KEY,
    mode text NOT NULL CHECK (mode IN ('blocking', 'online')),
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL,
    last_key text,
    rows_done bigint NOT NULL DEFAULT 0,
    rows_total bigint,
    started_at timestamptz,
    finished_at timestamptz)`);
}

/**
 * Asks for a backfill to run (from its first key). With `resume`, an unfinished run of the same name is
 * kept as it is, so repeating an interrupted rebuild continues it. clock_timestamp orders the requests of
 * one migration as they are declared.
 */
export async function requestBackfill(
  client: pg.ClientBase,
  name: string,
  mode: BackfillMode,
  requestedBy: string,
  resume = false,
): Promise<void> {
  await client.query(
    `INSERT INTO schema_backfills (name, mode, requested_by, requested_at)
     VALUES ($1, $2, $3, clock_timestamp())
     ON CONFLICT (name) DO UPDATE SET mode = EXCLUDED.mode, requested_by = EXCLUDED.requested_by,
       requested_at = EXCLUDED.requested_at, last_key = NULL, rows_done = 0, rows_total = NULL,
       started_at = NULL, finished_at = NULL
     WHERE NOT ($4 AND schema_backfills.finished_at IS NULL)`,
    [name, mode, requestedBy, resume],
  );
}

export async function pendingBackfills(client: pg.ClientBase, modes: readonly BackfillMode[]) {
  const r = await client.query<{ name: string }>(
    `SELECT name FROM schema_backfills WHERE finished_at IS NULL AND mode = ANY($1)
      ORDER BY requested_at, name`,
    [modes],
  );
  return r.rows.map((x) => x.name);
}

export type RunOptions = {
  modes: readonly BackfillMode[];
  /** Wait for a backfill that another process runs (and then see it finished), or leave it to that one. */
  wait: boolean;
  batchSize?: number;
  signal?: AbortSignal;
  log: (m: string) => void;
};

/** Runs the unfinished backfills of the given modes to their end, one after another, in request order. */
export async function runBackfills(url: string, opts: RunOptions): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'kontingent-backfill' });
  await client.connect();
  try {
    // A killed runner's server process stops within seconds even in the middle of a batch.
    await client.query(`SET client_connection_check_interval = '5s'`);
    for (const name of await pendingBackfills(client, opts.modes)) {
      if (opts.signal?.aborted) break;
      const backfill = findBackfill(name);
      if (!backfill) {
        opts.log(`backfill ${name}: not known to this version, left as it is`);
        continue;
      }
      await runLocked(client, backfill, opts);
    }
  } finally {
    await client.end();
  }
}

type Checkpoint = {
  /** As text: a JS Date would drop the microseconds the checks below compare. */
  requested_at: string;
  last_key: string | null;
  rows_done: string;
  rows_total: string | null;
  started_at: Date | null;
  finished_at: Date | null;
};

async function runLocked(client: pg.Client, backfill: Backfill, opts: RunOptions): Promise<void> {
  const lock = [LOCK_CLASS, backfill.name];
  if (opts.wait) await client.query('SELECT pg_advisory_lock($1, hashtext($2))', lock);
  else {
    const got = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', lock);
    if (!got.rows[0].ok) return;
  }
  try {
    await runBatches(client, backfill, opts);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', lock);
  }
}

async function runBatches(client: pg.Client, backfill: Backfill, opts: RunOptions): Promise<void> {
  const { name } = backfill;
  const cp = (
    await client.query<Checkpoint>(
      `SELECT requested_at::text AS requested_at, last_key, rows_done, rows_total, started_at, finished_at
         FROM schema_backfills WHERE name = $1`,
      [name],
    )
  ).rows[0];
  if (!cp || cp.finished_at) return;
  let done = Number(cp.rows_done);
  let total = Number(cp.rows_total);
  let last = cp.last_key;
  if (!cp.started_at) {
    total = await backfill.count(client);
    await client.query(
      `UPDATE schema_backfills SET started_at = now(), rows_total = $2 WHERE name = $1 AND requested_at = $3`,
      [name, total, cp.requested_at],
    );
    opts.log(`backfill ${name}: starting, 0 / ${figure(total)}`);
  } else {
    opts.log(`backfill ${name}: resuming at ${figure(done)} / ${figure(total)}`);
  }
  const firstDone = done;
  let logged = Date.now();
  for (;;) {
    if (opts.signal?.aborted) {
      opts.log(
        `backfill ${name}: stopped at ${figure(done)} / ${figure(total)}; the next start continues it`,
      );
      return;
    }
    const keys = await batchWithRetry(client, backfill, last, opts.batchSize ?? DEFAULT_BATCH_SIZE, cp);
    if (keys === null) {
      opts.log(`backfill ${name}: requested again meanwhile; the newer run does it`);
      return;
    }
    if (keys.length === 0) {
      opts.log(
        `backfill ${name}: done, ${figure(done)} / ${figure(total)} (${figure(done - firstDone)} in this run)`,
      );
      return;
    }
    done += keys.length;
    last = keys[keys.length - 1] as string;
    if (Date.now() - logged >= PROGRESS_EVERY_MS) {
      opts.log(`backfill ${name}: ${figure(done)} / ${figure(total)}`);
      logged = Date.now();
    }
  }
}

/**
 * One batch and its checkpoint in one transaction. A deadlock with the application's own refreshes (they
 * lock linked persons in a second round) rolls the batch back; it is then done again. Returns null when
 * the backfill was requested anew meanwhile (a newer migration restarted it).
 */
async function batchWithRetry(
  client: pg.Client,
  backfill: Backfill,
  after: string | null,
  size: number,
  cp: Checkpoint,
): Promise<string[] | null> {
  for (let attempt = 1; ; attempt++) {
    await client.query('BEGIN');
    try {
      const keys = await backfill.batch(client, after, size);
      const r = await client.query(
        keys.length
          ? `UPDATE schema_backfills SET last_key = $3, rows_done = rows_done + $4
              WHERE name = $1 AND requested_at = $2`
          : `UPDATE schema_backfills SET finished_at = now() WHERE name = $1 AND requested_at = $2`,
        keys.length
          ? [backfill.name, cp.requested_at, keys[keys.length - 1], keys.length]
          : [backfill.name, cp.requested_at],
      );
      if (r.rowCount === 0) {
        await client.query('ROLLBACK');
        return null;
      }
      await client.query('COMMIT');
      return keys;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (err as { code?: string }).code;
      if (attempt >= RETRIES || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
}

/** 1913437 → "1 913 437", as in the progress lines. */
export function figure(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/**
 * The online backfills, run in the server's process after it listens. A failure is logged and the server
 * keeps serving (the next start tries again from the checkpoint); stop() lets the current batch end.
 */
export function startOnlineBackfills(
  url: string,
  log: { info: (m: string) => void; error: (o: object, m: string) => void },
) {
  const abort = new AbortController();
  const running = runBackfills(url, {
    modes: ['online'],
    wait: false,
    signal: abort.signal,
    log: (m) => log.info(m),
  }).catch((err) => log.error({ err }, 'online backfill failed; the next start continues it'));
  return {
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}
