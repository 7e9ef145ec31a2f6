import { type Kysely, sql } from 'kysely';
import type { PersonDataRegistry } from './assemble.ts';

/**
 * Compares the registry with the database catalogue and returns what disagrees, one sentence each
 * (empty: they agree):
 * - a foreign key to `persons`, from a table in any schema, whose column no declaration names;
 * - a declared person column that does not exist, or has no foreign key to `persons` though the
 *   declaration does not say why (`soft`), and a declared table that does not exist;
 * - a table whose card triggers read other person columns than its declaration says (`card`).
 * Declared tables live in the public schema; a table of another schema is never declared.
 */
// biome-ignore lint/suspicious/noExplicitAny: reads the catalogue, which no schema type describes
export async function personDataProblems(db: Kysely<any>, registry: PersonDataRegistry): Promise<string[]> {
  const problems: string[] = [];
  const fks = await sql<{ schema: string; table: string; column: string }>`
    SELECT n.nspname AS schema, c.relname AS table, a.attname AS column
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class r ON r.oid = k.confrelid
      JOIN pg_namespace rn ON rn.oid = r.relnamespace
      CROSS JOIN LATERAL unnest(k.conkey) AS col(attnum)
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = col.attnum
     WHERE k.contype = 'f' AND r.relname = 'persons' AND rn.nspname = 'public'
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
     ORDER BY 1, 2, 3`.execute(db);
  const withFk = new Set<string>();
  for (const fk of fks.rows) {
    const name = `${fk.schema}.${fk.table}.${fk.column}`;
    withFk.add(name);
    const declared =
      fk.schema === 'public' && registry.get(fk.table)?.refs.some((r) => r.column === fk.column);
    if (!declared)
      problems.push(`${name} references persons but is not declared in the person-data registry`);
  }
  const columns = await sql<{ table: string; column: string }>`
    SELECT c.relname AS table, a.attname AS column
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`.execute(db);
  const tables = new Set(columns.rows.map((c) => c.table));
  const existing = new Set(columns.rows.map((c) => `${c.table}.${c.column}`));
  for (const t of registry.tables) {
    if (!tables.has(t.table)) {
      problems.push(`public.${t.table} is declared in the person-data registry but does not exist`);
      continue;
    }
    for (const ref of t.refs) {
      const name = `public.${t.table}.${ref.column}`;
      if (!existing.has(`${t.table}.${ref.column}`)) problems.push(`${name} is declared but does not exist`);
      else if (!ref.soft && !withFk.has(name)) {
        problems.push(`${name} is declared as a person column but has no foreign key to persons`);
      }
    }
  }
  const triggers = await sql<{ table: string; args: Buffer }>`
    SELECT c.relname AS table, t.tgargs AS args
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE p.proname = 'person_cards_sync' AND NOT t.tgisinternal`.execute(db);
  const cardArgs = new Map<string, Set<string>>();
  for (const tr of triggers.rows) {
    const args = tr.args.toString('utf8').split('\0').filter(Boolean).sort().join(',');
    cardArgs.set(tr.table, (cardArgs.get(tr.table) ?? new Set()).add(args));
  }
  for (const t of registry.tables) {
    const declared = t.card ? [...t.card].sort().join(',') : null;
    const found = cardArgs.get(t.table);
    cardArgs.delete(t.table);
    if (!declared && !found) continue;
    if (!declared) problems.push(`public.${t.table} has card triggers but declares no card columns`);
    else if (!found) problems.push(`public.${t.table} declares card columns but has no card triggers`);
    else if (found.size !== 1 || !found.has(declared)) {
      problems.push(`public.${t.table}: card triggers read ${[...found].join(' / ')}, declared ${declared}`);
    }
  }
  for (const table of cardArgs.keys()) {
    problems.push(`public.${table} has card triggers but is not declared in the person-data registry`);
  }
  return problems;
}
