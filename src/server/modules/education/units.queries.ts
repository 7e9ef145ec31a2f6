import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { invalidField } from '../../platform/errors.ts';
import { yearById } from './academic-years.queries.ts';
import { EducationActions as A } from './education.policy.ts';
import { organizationForAction, unitForAction } from './education-scope.ts';
import { presentUnit } from './unit.presenter.ts';
import type { ProgrammeRef } from './unit-rules.ts';

export async function programmeRef(db: Kysely<DB>, id: string | null | undefined): Promise<ProgrammeRef> {
  if (!id) return null;
  const p = await db
    .selectFrom('education_programmes')
    .select(['organization_id', 'level', 'duration_months'])
    .where('id', '=', id)
    .executeTakeFirst();
  return p ? { organizationId: p.organization_id, level: p.level, durationMonths: p.duration_months } : null;
}

export async function programmeName(db: Kysely<DB>, id: string | null) {
  if (!id) return null;
  const p = await db
    .selectFrom('education_programmes')
    .select('name')
    .where('id', '=', id)
    .executeTakeFirst();
  return p?.name ?? null;
}

/** The academic year named in a request; an unknown one is a field problem, not a 404 of the route. */
export async function requireYear(db: Kysely<DB>, id: string, path: string) {
  const y = await yearById(db, id);
  if (!y) throw invalidField(path, 'Учебный год не найден', 'not_found');
  return y;
}

/** Units of an organization in a year (all years when none is named), in the order of the screens. */
export async function unitsOf(db: Kysely<DB>, organizationId: string, yearId?: string) {
  let q = db
    .selectFrom('units as u')
    .leftJoin('education_programmes as p', 'p.id', 'u.programme_id')
    .selectAll('u')
    .select('p.name as programme_name')
    .where('u.organization_id', '=', organizationId);
  if (yearId) q = q.where('u.academic_year_id', '=', yearId);
  const rows = await q.orderBy('u.kind').orderBy('u.grade').orderBy('u.course').orderBy('u.name').execute();
  return rows.map((r) => presentUnit(r, r.programme_name));
}

export async function listUnits(ctx: Ctx, organizationId: string, yearId?: string) {
  const org = await organizationForAction(ctx, ctx.db, organizationId, A['unit.read']);
  return { items: await unitsOf(ctx.db, org.id, yearId) };
}

export async function getUnit(ctx: Ctx, id: string) {
  const { unit } = await unitForAction(ctx, ctx.db, id, A['unit.read']);
  return presentUnit(unit, await programmeName(ctx.db, unit.programme_id));
}
