import type { CompiledQuery } from 'kysely';
import type { Pool } from 'pg';

/**
 * Runs a compiled statement as a named prepared statement. PostgreSQL then plans it once per
 * connection instead of on every request, which matters for wide read queries on hot routes.
 * The name must identify the statement text: same name, same text.
 */
export async function runPrepared<R>(
  pool: Pool,
  name: string,
  query: CompiledQuery,
  values: unknown[],
): Promise<R[]> {
  const r = await pool.query({ name, text: query.sql, values });
  return r.rows as R[];
}
