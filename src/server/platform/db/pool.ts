import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// Dates stay 'YYYY-MM-DD' strings: a JS Date at local midnight would shift birth dates by a day.
pg.types.setTypeParser(1082, (v) => v);
// bigint ids (audit, history) are kept as strings; they exceed 2^53 only in theory, but never lose precision.
pg.types.setTypeParser(20, (v) => v);

export type Database = { db: Kysely<DB>; pool: pg.Pool; close: () => Promise<void> };

/**
 * The runtime pool, connected as the application's own login role (see app-login.ts): not a superuser
 * that assumes a role, which SQL on the same connection could undo.
 */
export function createDatabase(opts: { url: string; max: number }): Database {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max,
    idleTimeoutMillis: 30_000,
    application_name: 'kontingent',
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
