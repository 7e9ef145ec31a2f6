import { sql } from 'kysely';
import { dateInZone } from '../../../common/dates/working-days.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField } from '../../platform/errors.ts';
import { EducationActions } from '../education/education.policy.ts';
import { organizationForAction } from '../education/education-scope.ts';

const MAX_MONTHS = 24;

const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
};

type MonthRow = {
  month: string;
  learners: number;
  days: number;
  present: number;
  absentIllness: number;
  absentValid: number;
  absentUnexcused: number;
};

/**
 * An organization's attendance by month from the e-journals' days: learners with records, recorded
 * days, present days and absences by reason (the 85-К way: a kindergarten day counts once). Counts
 * only, no names: whoever may read the organization's contingent counts may read these.
 */
export async function organizationAttendance(ctx: Ctx, id: string, q: { from?: string; to?: string }) {
  const org = await organizationForAction(ctx, ctx.db, id, EducationActions['unit.read']);
  const to = q.to ?? dateInZone(new Date(), ctx.config.timeZone).slice(0, 7);
  const from = q.from ?? addMonths(to, -11);
  if (from > to) throw invalidField('query.from', 'Начало периода позже его конца', 'range');
  if (addMonths(from, MAX_MONTHS - 1) < to)
    throw invalidField('query.to', `Период не длиннее ${MAX_MONTHS} месяцев`, 'range');
  const rows = await sql<MonthRow>`
    SELECT to_char(date_trunc('month', d.date), 'YYYY-MM') AS month,
           count(DISTINCT d.person_id)::int AS learners, count(*)::int AS days,
           count(*) FILTER (WHERE d.status = 'present')::int AS present,
           count(*) FILTER (WHERE d.reason = 'illness')::int AS "absentIllness",
           count(*) FILTER (WHERE d.reason = 'valid')::int AS "absentValid",
           count(*) FILTER (WHERE d.reason = 'unexcused')::int AS "absentUnexcused"
      FROM attendance_days d
     WHERE d.organization_id = ${org.id}
       AND d.date >= ${`${from}-01`}::date AND d.date < ${`${addMonths(to, 1)}-01`}::date
     GROUP BY 1`.execute(ctx.db);
  const byMonth = new Map(rows.rows.map((r) => [r.month, r]));
  const months = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) {
    const r = byMonth.get(m) ?? {
      month: m,
      learners: 0,
      days: 0,
      present: 0,
      absentIllness: 0,
      absentValid: 0,
      absentUnexcused: 0,
    };
    months.push({ ...r, rate: r.days > 0 ? Math.round((r.present / r.days) * 1000) / 1000 : null });
  }
  return { from, to, months };
}
