import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Persons } from '../../platform/db/schema.ts';
import { invalidField } from '../../platform/errors.ts';
import { readHistory } from '../../platform/history.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { personAudience, presentPersonHistory, presentPersonSnapshot } from './person.presenter.ts';
import { personInScope } from './person-scope.ts';
import { PersonActions } from './persons.policy.ts';

/** How many dictionary keys each query word may stand for: typos, ё/е and spellings of one name. */
const SIMILAR_KEYS = 15;

export type PersonSearch = {
  q?: string | undefined;
  snils?: string | undefined;
  document?: string | undefined;
  birthDate?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * Search within the actor's scope. Each word of the query is matched fuzzily against the dictionary
 * of name keys; persons are then found by B-tree on those keys, with first and last name in either
 * order (one word searches last names). СНИЛС, document number and birth date match exactly.
 */
export async function searchPersons(ctx: Ctx, f: PersonSearch) {
  const grants = authorize(ctx.actor!, PersonActions['person.read']);
  const words = (f.q ?? '')
    .split(/[\s,]+/)
    .filter((w) => w.length > 0)
    .slice(0, 3);
  if (words.length === 0 && !f.snils && !f.document && !f.birthDate) {
    throw invalidField('query.q', 'Укажите ФИО, СНИЛС, номер документа или дату рождения');
  }
  const [w1, w2, w3] = words;
  const key = (w: string | undefined) => sql`person_name_key(${w ?? ''})`;
  // Name keys similar to each word, from the small dictionary of distinct keys, with their similarity.
  const similarKeys = (w: string | undefined) =>
    sql`SELECT k.key, similarity(k.key, ${key(w)}) AS s FROM person_name_keys k WHERE k.key % ${key(w)}
          ORDER BY k.key <-> ${key(w)} LIMIT ${SIMILAR_KEYS}`;
  // Candidates by B-tree on (last, first) name keys, in both orders; a person's score is its best.
  const candidates =
    words.length === 0
      ? null
      : words.length === 1
        ? sql`SELECT p.id, c1.s AS score FROM c1 JOIN persons p ON p.last_name_key = c1.key AND p.status = 'active'`
        : sql`SELECT p.id, max(pair.s) AS score FROM (
                SELECT c1.key AS l, c2.key AS f, c1.s + c2.s AS s FROM c1 CROSS JOIN c2
                UNION ALL SELECT c2.key, c1.key, c1.s + c2.s FROM c1 CROSS JOIN c2) pair
              JOIN persons p ON p.last_name_key = pair.l AND p.first_name_key = pair.f AND p.status = 'active'
             GROUP BY p.id`;
  const conditions = [sql`p.status = 'active'`, personInScope('p.id', grants)];
  if (f.snils) conditions.push(sql`p.snils = ${f.snils}`);
  if (f.birthDate) conditions.push(sql`p.birth_date = ${f.birthDate}`);
  if (f.document) {
    conditions.push(sql`p.id IN (SELECT person_id FROM person_documents WHERE number = ${f.document.replace(/\s/g, '')}
      AND invalidated_at IS NULL)`);
  }
  const score =
    candidates === null ? sql`1::real` : sql`(cand.score + similarity(p.middle_name_key, ${key(w3)}))`;
  let cursor: [number, string] | null = null;
  if (f.cursor) {
    const c = decodeCursor(f.cursor, 2);
    if (!c || Number.isNaN(Number(c[0]))) throw invalidField('query.cursor', 'Некорректный курсор страницы');
    cursor = [Number(c[0]), c[1]!];
  }
  const afterOn = (alias: string) =>
    cursor
      ? sql`(${sql.ref(`${alias}.score`)} < ${cursor[0]}::real
             OR (${sql.ref(`${alias}.score`)} = ${cursor[0]}::real AND ${sql.ref(`${alias}.id`)} > ${cursor[1]}::uuid))`
      : sql`true`;
  // Names alone (the common case): rank candidates by their key score and cut the page before any
  // person row is read, so common names cost index entries, not heap fetches.
  const namesOnly = candidates !== null && words.length <= 2 && !f.snils && !f.birthDate && !f.document;
  const cands = sql`(WITH c1 AS MATERIALIZED (${similarKeys(w1)}), c2 AS MATERIALIZED (${similarKeys(w2)}) ${candidates}) cand`;
  const source = namesOnly
    ? sql`(SELECT cand.id, cand.score FROM ${cands}
            WHERE ${personInScope('cand.id', grants)} AND ${afterOn('cand')}
            ORDER BY cand.score DESC, cand.id LIMIT ${f.limit + 1}) cand JOIN persons p ON p.id = cand.id`
    : candidates === null
      ? sql`persons p`
      : sql`${cands} JOIN persons p ON p.id = cand.id`;
  const rows = await sql<{
    id: string;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    birth_date: string;
    sex: Persons['sex'];
    score: number;
    age: number;
    organization: string | null;
    is_learner: boolean;
    is_representative: boolean;
  }>`
    SELECT x.*, date_part('year', age(current_date, x.birth_date))::int AS age,
           (SELECT o.short_name FROM enrollments e JOIN organizations o ON o.id = e.organization_id
             WHERE e.person_id = x.id ORDER BY e.ended_on NULLS FIRST, e.started_on DESC LIMIT 1) AS organization,
           EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = x.id) AS is_learner,
           EXISTS (SELECT 1 FROM representations r WHERE r.representative_id = x.id AND r.revoked_at IS NULL)
             AS is_representative
      FROM (SELECT p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, p.sex, (${score})::real AS score
              FROM ${source} WHERE ${sql.join(conditions, sql` AND `)}) x
     WHERE ${afterOn('x')}
     ORDER BY x.score DESC, x.id
     LIMIT ${f.limit + 1}`.execute(ctx.db);
  const items = rows.rows.slice(0, f.limit).map((r) => ({
    id: r.id,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    birthDate: r.birth_date,
    sex: r.sex,
    age: r.age,
    organization: r.organization,
    roles: [
      ...(r.is_learner ? (['learner'] as const) : []),
      ...(r.is_representative ? (['representative'] as const) : []),
    ],
    score: Math.round(r.score * 1000) / 1000,
  }));
  const last = rows.rows[f.limit - 1];
  return {
    items,
    nextCursor: rows.rows.length > f.limit && last ? encodeCursor([String(last.score), last.id]) : null,
  };
}

/** The person's versions as the actor may see them (health keys only with a health grant reaching them). */
export async function personVersions(ctx: Ctx, id: string) {
  const audience = await personAudience(ctx, ctx.db, id, ctx.actor!.grants);
  return presentPersonHistory(await readHistory(ctx.db, 'person', id), audience);
}

export async function personVersion(ctx: Ctx, id: string, version: number) {
  const r = await ctx.db
    .selectFrom('change_history')
    .select(['snapshot', 'at', 'version'])
    .where('entity_type', '=', 'person')
    .where('entity_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!r) return null;
  const audience = await personAudience(ctx, ctx.db, id, ctx.actor!.grants);
  return {
    version: r.version,
    at: r.at.toISOString(),
    snapshot: presentPersonSnapshot(r.snapshot as Record<string, unknown>, audience),
  };
}
