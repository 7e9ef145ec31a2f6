import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Persons } from '../../platform/db/schema.ts';
import { invalidField } from '../../platform/errors.ts';
import { readHistory } from '../../platform/history.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { historyNames } from './history-names.ts';
import { personAudience, presentPersonHistory, presentPersonSnapshot } from './person.presenter.ts';
import { personInScope } from './person-scope.ts';
import { PersonActions } from './persons.policy.ts';
import { splitSearchText } from './search-text.ts';

/** How many dictionary keys each query word may stand for: typos, ё/е and spellings of one name. */
const SIMILAR_KEYS = 15;

export type PersonSearch = {
  q?: string | undefined;
  snils?: string | undefined;
  document?: string | undefined;
  birthDate?: string | undefined;
  organizationId?: string | undefined;
  role?: 'learner' | 'representative' | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * Search within the actor's scope. Each word of the query stands for the dictionary keys within one
 * slip of it (person_name_key_candidates: trigram neighbours and keys sharing a one-letter deletion);
 * persons are then found by B-tree on those keys, with first and last name in either order (one word
 * searches last names). A date or a year typed among the words narrows by birth date. СНИЛС, document
 * number and birth date match exactly.
 */
export async function searchPersons(ctx: Ctx, f: PersonSearch) {
  const grants = authorize(ctx.actor!, PersonActions['person.read']);
  const { words, initials, birthDate, birthYear } = splitSearchText(f.q ?? '');
  if (
    words.length === 0 &&
    !f.snils &&
    !f.document &&
    !f.birthDate &&
    !birthDate &&
    !birthYear &&
    !f.organizationId
  ) {
    throw invalidField('query.q', 'Укажите ФИО, СНИЛС, номер документа или дату рождения');
  }
  const [w1, w2, w3] = words;
  const key = (w: string | undefined) => sql`person_name_key(${w ?? ''})`;
  const similarKeys = (w: string | undefined) =>
    sql`SELECT key, s FROM person_name_key_candidates(${w ?? ''}, ${SIMILAR_KEYS})`;
  // Candidates by B-tree on (last, first) name keys, in both orders; a person's score is its best.
  const candidates =
    words.length === 0
      ? null
      : words.length === 1
        ? sql`SELECT p.id, c1.s AS score FROM c1 JOIN persons p ON p.last_name_key = c1.key AND p.status = 'active'
                ${initialsMatch(initials)}`
        : sql`SELECT p.id, max(pair.s) AS score FROM (
                SELECT c1.key AS l, c2.key AS f, c1.s + c2.s AS s FROM c1 CROSS JOIN c2
                UNION ALL SELECT c2.key, c1.key, c1.s + c2.s FROM c1 CROSS JOIN c2) pair
              JOIN persons p ON p.last_name_key = pair.l AND p.first_name_key = pair.f AND p.status = 'active'
             GROUP BY p.id`;
  const conditions = [sql`p.status = 'active'`, personInScope('p.id', grants)];
  if (f.snils) conditions.push(sql`p.snils = ${f.snils}`);
  if (f.birthDate) conditions.push(sql`p.birth_date = ${f.birthDate}`);
  if (birthDate) conditions.push(sql`p.birth_date = ${birthDate}`);
  if (birthYear) {
    conditions.push(sql`p.birth_date >= make_date(${birthYear}::int, 1, 1)
      AND p.birth_date < make_date(${birthYear}::int + 1, 1, 1)`);
  }
  // An organization's people: its learners (now or before) and the parents of those learners, so that
  // «Законные представители» with an organization lists a school's parents.
  if (f.organizationId) {
    conditions.push(sql`(EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = p.id
        AND e.organization_id = ${f.organizationId})
      OR EXISTS (SELECT 1 FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
        WHERE r.representative_id = p.id AND r.revoked_at IS NULL AND e.organization_id = ${f.organizationId}))`);
  }
  if (f.role === 'learner')
    conditions.push(sql`EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = p.id)`);
  if (f.role === 'representative') {
    conditions.push(sql`EXISTS (SELECT 1 FROM representations r WHERE r.representative_id = p.id
      AND r.revoked_at IS NULL)`);
  }
  if (f.document) {
    conditions.push(sql`p.id IN (SELECT person_id FROM person_documents WHERE number = ${f.document.replace(/\s/g, '')}
      AND invalidated_at IS NULL)`);
  }
  const score =
    candidates === null
      ? sql`1::real`
      : w3 === undefined
        ? sql`cand.score`
        : sql`(cand.score + name_part_similarity(p.middle_name_key, ${key(w3)}))`;
  // Relevance first, then the name as a clerk reads a list (ё sorts as е), so namesakes of equal score
  // come in alphabetical order; the id keeps the order total for the keyset cursor.
  let cursor: [number, string, string, string, string] | null = null;
  if (f.cursor) {
    const c = decodeCursor(f.cursor, 5);
    if (!c || Number.isNaN(Number(c[0]))) throw invalidField('query.cursor', 'Некорректный курсор страницы');
    cursor = [Number(c[0]), c[1]!, c[2]!, c[3]!, c[4]!];
  }
  const after = cursor
    ? sql`(x.score < ${cursor[0]}::real
           OR (x.score = ${cursor[0]}::real AND (x.sort_last, x.sort_first, x.sort_middle, x.id)
               > (${cursor[1]}::text COLLATE "C", ${cursor[2]}::text COLLATE "C", ${cursor[3]}::text COLLATE "C",
                  ${cursor[4]}::uuid)))`
    : sql`true`;
  const sortName = (column: string) =>
    sql`translate(coalesce(${sql.ref(column)}, ''), 'Ёё', 'Ее') COLLATE "C"`;
  const withKeys = sql`WITH c1 AS MATERIALIZED (${similarKeys(w1)}), c2 AS MATERIALIZED (${similarKeys(w2)})`;
  // Names alone (the common case): the page is cut on the key score before any person row is read, so a
  // common name costs index entries, not heap fetches. Only the rows that can reach the page are joined
  // for the name order: every row scoring at least the page's last score (its ties included), and with a
  // cursor also the rest of the cursor's own score.
  const namesOnly = candidates !== null && words.length <= 2 && conditions.length === 2;
  const source =
    candidates === null
      ? sql`persons p`
      : namesOnly
        ? sql`(${withKeys}, ranked AS MATERIALIZED (
                 SELECT cand.id, cand.score, count(*) OVER () AS total FROM (${candidates}) cand
                  WHERE ${personInScope('cand.id', grants)} ${cursor ? sql`AND cand.score <= ${cursor[0]}::real` : sql``}),
               edge AS (SELECT score FROM ranked ${cursor ? sql`WHERE score < ${cursor[0]}::real` : sql``}
                         ORDER BY score DESC OFFSET ${f.limit} LIMIT 1)
               SELECT id, score, total FROM ranked
                WHERE score >= coalesce((SELECT score FROM edge), '-Infinity'::real)) cand
            JOIN persons p ON p.id = cand.id`
        : sql`(${withKeys} ${candidates}) cand JOIN persons p ON p.id = cand.id`;
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
    organization_territory: string | null;
    is_learner: boolean;
    is_representative: boolean;
    total: string;
    sort_last: string;
    sort_first: string;
    sort_middle: string;
  }>`
    SELECT x.*, date_part('year', age(current_date, x.birth_date))::int AS age,
           org.short_name AS organization, org.territory AS organization_territory,
           EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = x.id) AS is_learner,
           EXISTS (SELECT 1 FROM representations r WHERE r.representative_id = x.id AND r.revoked_at IS NULL)
             AS is_representative
      FROM (SELECT p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, p.sex, (${score})::real AS score,
                   ${namesOnly ? sql`cand.total` : sql`count(*) OVER ()`} AS total, ${sortName('p.last_name')} AS sort_last,
                   ${sortName('p.first_name')} AS sort_first, ${sortName('p.middle_name')} AS sort_middle
              FROM ${source} WHERE ${sql.join(conditions, sql` AND `)}) x
      -- The current (else the latest) organization, with its municipality: four schools may be «МБОУ СОШ № 4».
      -- The organization searched by comes first, then the main one: a school before a club.
      LEFT JOIN LATERAL (SELECT o.short_name, t.name AS territory
                           FROM enrollments e JOIN organizations o ON o.id = e.organization_id
                           JOIN territories t ON t.id = o.territory_id
                          WHERE e.person_id = x.id
                          ORDER BY ${f.organizationId ? sql`e.organization_id = ${f.organizationId} DESC,` : sql``}
                                   e.ended_on NULLS FIRST, o.kind = 'additional', e.started_on DESC
                          LIMIT 1) org ON true
     WHERE ${after}
     ORDER BY x.score DESC, x.sort_last, x.sort_first, x.sort_middle, x.id
     LIMIT ${f.limit + 1}`.execute(ctx.db);
  // The sort of the page reads every match anyway, so the window count costs next to nothing. It is
  // reported on the first page alone.
  const total = cursor ? null : rows.rows[0] ? Number(rows.rows[0].total) : 0;
  const items = rows.rows.slice(0, f.limit).map((r) => ({
    id: r.id,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    birthDate: r.birth_date,
    sex: r.sex,
    age: r.age,
    organization: r.organization,
    organizationTerritory: r.organization_territory,
    roles: [
      ...(r.is_learner ? (['learner'] as const) : []),
      ...(r.is_representative ? (['representative'] as const) : []),
    ],
    score: Math.round(r.score * 1000) / 1000,
  }));
  const last = rows.rows[f.limit - 1];
  return {
    items,
    nextCursor:
      rows.rows.length > f.limit && last
        ? encodeCursor([String(last.score), last.sort_last, last.sort_first, last.sort_middle, last.id])
        : null,
    totalCount: total,
  };
}

/** «В.Н.»: the first name and the patronymic start with these letters (by key: «Ж» is «zh…»). */
function initialsMatch(initials: string[]) {
  const [first, middle] = initials;
  return sql.join(
    [
      sql``,
      ...(first ? [sql`starts_with(p.first_name_key, person_name_key(${first}))`] : []),
      ...(middle ? [sql`starts_with(p.middle_name_key, person_name_key(${middle}))`] : []),
    ],
    sql` AND `,
  );
}

/**
 * The person's versions as the actor may see them (health keys only with a health grant reaching them),
 * with the names of the people the entries point at (representatives, merged records) in the actor's scope.
 */
export async function personVersions(ctx: Ctx, id: string) {
  const audience = await personAudience(ctx, ctx.db, id, ctx.actor!.grants);
  const items = presentPersonHistory(await readHistory(ctx.db, 'person', id), audience);
  return { items, names: await historyNames(ctx, items) };
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
