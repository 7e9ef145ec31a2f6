import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { inScope } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { ContingentActions as A } from './contingent.policy.ts';
import type { ContingentFilter, ContingentItem } from './contingent.schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The organization, if it is within the actor's scope; otherwise 404 as if it did not exist. */
async function organizationInScope(ctx: Ctx, organizationId: string) {
  const grants = authorize(ctx.actor!, A['contingent.read']);
  const org = await ctx.db
    .selectFrom('organizations as o')
    .innerJoin('territories as t', 't.id', 'o.territory_id')
    .select(['o.id', 'o.short_name', 't.name as territory_name'])
    .where('o.id', '=', organizationId)
    .where(inScope('o.id', grants))
    .executeTakeFirst();
  if (!org) throw notFound('Организация').audited(A['contingent.read'], 'organization', organizationId);
  return { id: org.id, shortName: org.short_name, territoryName: org.territory_name };
}

/**
 * An organization's learners from its enrollments, in alphabetical order: those studying now, those who
 * have left, or both. Identity and dates only — what an archival card may show too.
 */
function contingentRows(ctx: Ctx, organizationId: string, f: ContingentFilter) {
  let q = ctx.db
    .selectFrom('enrollments as e')
    .innerJoin('persons as p', 'p.id', 'e.person_id')
    .where('e.organization_id', '=', organizationId)
    .where('p.status', '=', 'active');
  if (f.status === 'current') q = q.where('e.ended_on', 'is', null);
  if (f.status === 'left') q = q.where('e.ended_on', 'is not', null);
  if (f.q) {
    const like = `%${likeEscape(f.q.toLowerCase().replaceAll('ё', 'е'))}%`;
    q = q.where(sql<boolean>`${sortKey} LIKE ${like}`);
  }
  return q;
}

// Alphabetical as a Russian reader expects: ё with е, case folded for Cyrillic whatever the database's
// locale (lower() leaves Cyrillic alone under the C locale).
const UPPER = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё';
const LOWER = 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе';
const sortKey = sql<string>`translate(lower(concat_ws(' ', p.last_name, p.first_name, p.middle_name)), ${UPPER}::text, ${LOWER}::text)`;

function toItem(r: {
  person_id: string;
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  sex: 'male' | 'female';
  started_on: string;
  ended_on: string | null;
}): ContingentItem {
  return {
    personId: r.person_id,
    enrollmentId: r.id,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    birthDate: r.birth_date,
    sex: r.sex,
    startedOn: r.started_on,
    endedOn: r.ended_on,
  };
}

const COLUMNS = [
  'e.id',
  'e.person_id',
  'p.last_name',
  'p.first_name',
  'p.middle_name',
  sql<string>`p.birth_date::text`.as('birth_date'),
  'p.sex',
  sql<string>`e.started_on::text`.as('started_on'),
  sql<string | null>`e.ended_on::text`.as('ended_on'),
  sortKey.as('sort_key'),
] as const;

export async function listContingent(
  ctx: Ctx,
  organizationId: string,
  f: ContingentFilter & { limit: number },
) {
  const organization = await organizationInScope(ctx, organizationId);
  const totals = await contingentRows(ctx, organizationId, { ...f, status: 'all' })
    .select([
      sql<string>`count(*) FILTER (WHERE e.ended_on IS NULL)`.as('current'),
      sql<string>`count(*) FILTER (WHERE e.ended_on IS NOT NULL)`.as('left'),
    ])
    .executeTakeFirstOrThrow();
  let page = contingentRows(ctx, organizationId, f).select([...COLUMNS]);
  if (f.cursor) {
    const c = decodeCursor(f.cursor, 2);
    if (!c || !UUID.test(c[1]!)) throw invalidField('query.cursor', 'Некорректный курсор страницы');
    page = page.where(sql<boolean>`(${sortKey}, e.id) > (${c[0]}, ${c[1]}::uuid)`);
  }
  const rows = await page
    .orderBy(sortKey)
    .orderBy('e.id')
    .limit(f.limit + 1)
    .execute();
  const more = rows.length > f.limit;
  const last = rows[f.limit - 1];
  return {
    organization,
    totals: { current: Number(totals.current), left: Number(totals.left) },
    items: rows.slice(0, f.limit).map(toItem),
    nextCursor: more && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}

/** Every row of the list for the spreadsheet, up to a limit that no organization comes near. */
export const EXPORT_LIMIT = 50_000;
export async function contingentForExport(ctx: Ctx, organizationId: string, f: ContingentFilter) {
  const organization = await organizationInScope(ctx, organizationId);
  const rows = await contingentRows(ctx, organizationId, f)
    .select([...COLUMNS])
    .orderBy(sortKey)
    .orderBy('e.id')
    .limit(EXPORT_LIMIT)
    .execute();
  return { organization, items: rows.map(toItem) };
}
