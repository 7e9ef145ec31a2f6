import type { CopyClient } from './load.ts';

/**
 * Runs a bulk load with the exclusion constraints of `tables` dropped and adds them back after, inside
 * the caller's transaction. Every row inserted into a GiST exclusion index searches it for conflicts, and
 * with a million learners' periods and placements those searches grew with the index: the row-by-row
 * checks took hours where one index build at the end takes minutes. Adding a constraint back checks every
 * row, so a load that breaks one fails as it would have row by row.
 */
export async function withoutExclusions<T>(
  client: CopyClient,
  tables: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  const r = await client.query<{ table: string; name: string; def: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c WHERE c.contype = 'x' AND c.conrelid = ANY($1::regclass[]) ORDER BY 1, 2`,
    [tables],
  );
  for (const c of r.rows) await client.query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`);
  const result = await load();
  for (const c of r.rows) await client.query(`ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}`);
  return result;
}
