import type pg from 'pg';

export type CapturedQuery = { text: string; values: unknown[] };

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Records the statements the app's pool sends while `fn` runs, by wrapping `query` on each client the pool
 * hands out (Kysely acquires a client per statement). Lets a baseline run exactly the app's SQL, so the
 * baseline follows the app when its query changes instead of drifting from a hand-written copy.
 */
export async function captureQueries(pool: pg.Pool, fn: () => Promise<void>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const patched = new Map<pg.PoolClient, QueryFn>();
  const onAcquire = (client: pg.PoolClient) => {
    if (patched.has(client)) return;
    const c = client as unknown as { query: QueryFn };
    const original = c.query;
    patched.set(client, original);
    // Every argument passes through: pg.Pool#query calls client.query(text, values, callback) and waits
    // for the callback, so dropping it would hang the request.
    c.query = function (this: unknown, ...args: unknown[]) {
      // A statement comes as (text, values) or as a config object (named prepared statements).
      const [first, second] = args;
      const config = typeof first === 'object' && first !== null ? (first as Partial<CapturedQuery>) : null;
      const text = config ? config.text : first;
      const values = config ? config.values : second;
      if (typeof text === 'string') captured.push({ text, values: Array.isArray(values) ? [...values] : [] });
      return original.apply(this, args);
    };
  };
  pool.on('acquire', onAcquire);
  try {
    await fn();
  } finally {
    pool.off('acquire', onAcquire);
    for (const [client, original] of patched) (client as unknown as { query: QueryFn }).query = original;
  }
  return captured;
}
