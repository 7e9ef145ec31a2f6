import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { eraseOf } from '../../platform/person-data/assemble.ts';
import { PERSON_DATA } from '../../platform/person-data/registry.ts';
import type { PersonRef, PersonTable } from '../../platform/person-data/types.ts';

export type Subject = {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  snils: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  status: string;
  version: number;
};

/** Statistics kept after destruction: nothing that singles the person out. */
export type KeptStatistics = {
  sex: 'male' | 'female';
  birthYear: number;
  municipalityOktmo: string | null;
  enrollments: number;
};

/** The person columns of a table that destruction erases (those declared 'keep' stay). */
const erasedRefs = (t: PersonTable) => t.refs.filter((r) => eraseOf(t, r).rule !== 'keep');

/** A predicate: one of these columns of `t` names one of the persons. */
function names(columns: PersonRef[], ids: string[]) {
  const any = sql`ANY(${ids}::uuid[])`;
  return sql.join(
    columns.map((r) =>
      r.array ? sql`t.${sql.ref(r.column)} && ${ids}::uuid[]` : sql`t.${sql.ref(r.column)} = ${any}`,
    ),
    sql` OR `,
  );
}

/**
 * What is about to be destroyed, before any row goes: the categories present (the act lists only
 * those: the person row's own, then each declared table's that holds rows of the person), the
 * statistics that stay, the СНИЛС of the records, by which citizen accounts link, and the keys of
 * the rows whose history goes with the person. The municipality is that of the registration
 * address, or of the last organization when no address carried an ОКТМО.
 */
export async function collectDestruction(tx: Tx, p: Subject, ids: string[]) {
  const r = await sql<{
    birth_place: boolean;
    citizenship: boolean;
    snilses: string[];
    enrollments: number;
    oktmo: string | null;
  }>`
    SELECT
      EXISTS (SELECT 1 FROM persons WHERE id = ANY(${ids}::uuid[]) AND birth_place IS NOT NULL) AS birth_place,
      EXISTS (SELECT 1 FROM persons WHERE id = ANY(${ids}::uuid[])
                AND (stateless OR cardinality(citizenship_codes) > 0)) AS citizenship,
      ARRAY(SELECT DISTINCT snils FROM persons
             WHERE id = ANY(${ids}::uuid[]) AND snils IS NOT NULL) AS snilses,
      (SELECT count(*)::int FROM enrollments WHERE person_id = ANY(${ids}::uuid[])) AS enrollments,
      coalesce(
        (SELECT left(a.oktmo, 8) FROM person_addresses a
          WHERE a.person_id = ${p.id} AND a.kind = 'registration' AND a.oktmo IS NOT NULL
          ORDER BY a.valid_to DESC NULLS FIRST, a.valid_from DESC NULLS LAST LIMIT 1),
        (SELECT t.oktmo FROM enrollments e
           JOIN scope_closure c ON c.descendant_id = e.organization_id
           JOIN territories t ON t.id = c.ancestor_id AND t.kind = 'municipality'
          WHERE e.person_id = ANY(${ids}::uuid[])
          ORDER BY e.started_on DESC LIMIT 1)) AS oktmo`.execute(tx);
  const f = r.rows[0]!;
  const categories = [
    'full_name',
    'birth_date',
    ...(f.birth_place ? ['birth_place'] : []),
    ...(p.snils ? ['snils'] : []),
    ...(f.citizenship ? ['citizenship'] : []),
  ];
  const historyIds = [...ids];
  for (const t of PERSON_DATA.tables) {
    const refs = erasedRefs(t);
    if (refs.length === 0 || (!t.category && !t.historyEntity)) continue;
    const table = sql.table(t.table);
    if (t.category && t.categoryAlways) categories.push(t.category);
    else if (t.category) {
      const found = await sql<{ found: boolean }>`
        SELECT EXISTS (SELECT 1 FROM ${table} t WHERE ${names(refs, ids)}) AS found`.execute(tx);
      if (found.rows[0]!.found) categories.push(t.category);
    }
    if (t.historyEntity && t.table !== 'persons') {
      const key = sql.ref(t.merge.rule === 'keep' ? 'id' : t.merge.key);
      const keys = await sql<{ key: string }>`
        SELECT t.${key}::text AS key FROM ${table} t WHERE ${names(refs, ids)}`.execute(tx);
      historyIds.push(...keys.rows.map((k) => k.key));
    }
  }
  const kept: KeptStatistics = {
    sex: p.sex,
    birthYear: Number(p.birth_date.slice(0, 4)),
    municipalityOktmo: f.oktmo,
    enrollments: f.enrollments,
  };
  return { categories, kept, historyIds, snilses: f.snilses };
}

/**
 * Erases every declared table as its declaration says, in registry order: deletes, overwrites the
 * columns that identify anyone, runs the tables' own procedures; then overwrites the person rows
 * down to sex and birth year (they stay as stubs). Returns the other persons whose links were removed.
 */
export async function eraseRows(
  tx: Tx,
  ids: string[],
  historyIds: string[],
  actorId: string,
): Promise<string[]> {
  const any = sql`ANY(${ids}::uuid[])`;
  const others = new Set<string>();
  for (const t of PERSON_DATA.tables) {
    // The person rows themselves are overwritten last, whole: their declared anonymisation included.
    if (t.table === 'persons') continue;
    const table = sql.table(t.table);
    const deleted = t.refs.filter((r) => eraseOf(t, r).rule === 'delete');
    if (deleted.length > 0) {
      const cols = deleted.map((r) => r.column);
      const gone = await sql<Record<string, string | null>>`
        DELETE FROM ${table} t WHERE ${names(deleted, ids)}
        RETURNING ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}`.execute(tx);
      if (t.erase.rule === 'delete' && t.erase.touchesOthers) {
        for (const row of gone.rows) for (const c of cols) if (row[c]) others.add(row[c]);
      }
    }
    for (const ref of t.refs) {
      const rule = eraseOf(t, ref);
      if (rule.rule !== 'anonymise') continue;
      const set = sql.join(Object.entries(rule.set).map(([c, v]) => sql`${sql.ref(c)} = ${v}`));
      await sql`UPDATE ${table} t SET ${set} WHERE ${names([ref], ids)}`.execute(tx);
    }
    if (t.erase.rule === 'custom') await t.erase.run(tx, { ids, historyIds, actorId });
  }
  await sql`
    UPDATE persons SET last_name = 'Удалено', first_name = 'Удалено', middle_name = NULL,
           birth_date = date_trunc('year', birth_date)::date, birth_place = NULL, snils = NULL,
           citizenship_codes = '{}', stateless = false, status = 'destroyed', merged_into_id = NULL,
           version = version + 1, updated_at = now(), updated_by = ${actorId}
     WHERE id = ${any}`.execute(tx);
  return [...others].filter((id) => !ids.includes(id));
}
