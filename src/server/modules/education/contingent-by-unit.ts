import { gradeLevel } from '../../../common/education-dictionary.ts';
import type { Ctx } from '../../platform/context.ts';
import { presentYear, yearContaining } from './academic-years.queries.ts';
import { unitCountsAsOf } from './contingent-as-of.ts';
import { EducationActions as A } from './education.policy.ts';
import { organizationForAction } from './education-scope.ts';
import { regionToday } from './region-today.ts';
import type { UnitView } from './unit.presenter.ts';
import { requireYear, unitsOf } from './units.queries.ts';

const LEVEL_ORDER = ['preschool', 'noo', 'ooo', 'soo', 'spo', 'additional'];

/** The level a unit counts under in the totals: its programme's, else its grade's or its kind's. */
async function unitLevels(ctx: Ctx, units: UnitView[]) {
  const ids = [...new Set(units.map((u) => u.programmeId).filter((x): x is string => x !== null))];
  const programmes = ids.length
    ? await ctx.db.selectFrom('education_programmes').select(['id', 'level']).where('id', 'in', ids).execute()
    : [];
  const byId = new Map(programmes.map((p) => [p.id, p.level as string]));
  return (u: UnitView): string =>
    (u.programmeId && byId.get(u.programmeId)) ||
    (u.kind === 'class' && u.grade != null
      ? gradeLevel(u.grade)
      : { group: 'preschool', association: 'additional', study_group: 'spo', class: 'noo' }[u.kind]);
}

/**
 * An organization's units of one academic year with the learners placed in each on a date, their
 * capacity, and totals by level and overall. Counts only: no personal data, so analysts may read it.
 */
export async function contingentByUnit(
  ctx: Ctx,
  organizationId: string,
  q: { asOf?: string | undefined; yearId?: string | undefined },
) {
  const org = await organizationForAction(ctx, ctx.db, organizationId, A['unit.read']);
  const today = regionToday(ctx.config.timeZone);
  const on = q.asOf ?? today;
  const year = q.yearId
    ? await requireYear(ctx.db, q.yearId, 'query.yearId')
    : await yearContaining(ctx.db, on);
  const units = year ? await unitsOf(ctx.db, org.id, year.id) : [];
  const counts = await unitCountsAsOf(
    ctx.db,
    units.map((u) => u.id),
    on,
  );
  const levelOf = await unitLevels(ctx, units);
  const items = units.map((u) => ({ ...u, learners: counts.get(u.id) ?? 0, level: levelOf(u) }));
  const totals = new Map<string, { level: string; units: number; learners: number; capacity: number }>();
  for (const i of items) {
    const t = totals.get(i.level) ?? { level: i.level, units: 0, learners: 0, capacity: 0 };
    t.units += 1;
    t.learners += i.learners;
    t.capacity += i.capacity ?? 0;
    totals.set(i.level, t);
  }
  const byLevel = [...totals.values()].sort(
    (a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level),
  );
  return {
    asOf: on,
    academicYear: year ? presentYear(year, today) : null,
    items,
    totals: {
      byLevel,
      overall: {
        units: items.length,
        learners: byLevel.reduce((s, t) => s + t.learners, 0),
        capacity: byLevel.reduce((s, t) => s + t.capacity, 0),
      },
    },
  };
}
