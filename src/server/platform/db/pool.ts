import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// Dates stay 'YYYY-MM-DD' strings: a JS Date at local midnight would shift birth dates by a day.
pg.types.setTypeParser(1082, (v) => v);
// bigint ids (audit, history) are kept as strings; they exceed 2^53 only in theory, but never lose precision.
pg.types.setTypeParser(20, (v) => v);

export type Database = { db: Kysely<DB>; pool: pg.Pool; close: () => Promise<void> };

/**
 * The runtime pool. When no separate application URL is configured, every connection assumes the
 * restricted application role at startup, so the app can never update or delete the audit log.
 */
export function createDatabase(opts: { url: string; appRole: string | null; max: number }): Database {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max,
    idleTimeoutMillis: 30_000,
    application_name: 'kontingent',
    ...(opts.appRole ? { options: `-c role=${opts.appRole}` } : {}),
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
