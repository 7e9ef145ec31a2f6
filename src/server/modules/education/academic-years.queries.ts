import { type Kysely, sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { EducationActions as A } from './education.policy.ts';
import { regionToday } from './region-today.ts';

type YearRow = { id: string; starts_on: string; ends_on: string };

export const yearName = (startsOn: string, endsOn: string) => `${startsOn.slice(0, 4)}/${endsOn.slice(2, 4)}`;

export const presentYear = (r: YearRow, today: string) => ({
  id: r.id,
  name: yearName(r.starts_on, r.ends_on),
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  current: r.starts_on <= today && today <= r.ends_on,
});

const yearColumns = [
  'id',
  sql<string>`starts_on::text`.as('starts_on'),
  sql<string>`ends_on::text`.as('ends_on'),
] as const;

export async function listAcademicYears(ctx: Ctx) {
  authorize(ctx.actor!, A['academicYear.read']);
  const rows = await ctx.db
    .selectFrom('academic_years')
    .select(yearColumns)
    .orderBy('starts_on', 'desc')
    .execute();
  const today = regionToday(ctx.config.timeZone);
  return { items: rows.map((r) => presentYear(r, today)) };
}

export const yearById = (db: Kysely<DB>, id: string) =>
  db.selectFrom('academic_years').select(yearColumns).where('id', '=', id).executeTakeFirst();

/** The academic year a date falls in, if the region has set it up. */
export const yearContaining = (db: Kysely<DB>, on: string) =>
  db
    .selectFrom('academic_years')
    .select(yearColumns)
    .where('starts_on', '<=', on)
    .where('ends_on', '>=', on)
    .executeTakeFirst();
