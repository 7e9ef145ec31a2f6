import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { dashboardTerritory, orgsCte, present } from './dashboard-territory.ts';
import type { AttendancePanel, DashboardQuery } from './dashboards.schemas.ts';
import { keyOf, municipalityRows, regionalRow } from './municipality-rows.ts';

const KINDS = ['preschool', 'school', 'additional', 'vocational'] as const;
type Figures = { days: number; present: number };
const share = (f: Figures) => ({
  ...f,
  sharePercent: f.days > 0 ? Math.round((f.present * 1000) / f.days) / 10 : null,
});
const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The four whole weeks (Monday to Sunday) before the current one: this week's marks are still coming in. */
export function attendancePeriod(today: string) {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(today, -weekday);
  return { from: addDays(monday, -28), to: addDays(monday, -1) };
}

/**
 * Attendance as the schools' systems report it: the share of marked learner-days that were present, over
 * the last four whole weeks, by kind of organization, per municipality and week by week. A day counts
 * once per learner and organization, as the journal sends it.
 */
export async function readAttendance(ctx: Ctx, q: DashboardQuery): Promise<AttendancePanel> {
  const t = await dashboardTerritory(ctx, q.territoryId);
  const { from, to } = attendancePeriod(t.today);
  const r = await sql<{
    municipality_id: string | null;
    kind: (typeof KINDS)[number];
    week: string;
    days: number;
    present: number;
  }>`
    WITH ${orgsCte(t.id)}
    SELECT o.municipality_id::text, o.kind, (d.date - (extract(isodow FROM d.date)::int - 1))::text AS week,
           count(*)::int AS days, (count(*) FILTER (WHERE d.status = 'present'))::int AS present
      FROM attendance_days d JOIN orgs o ON o.id = d.organization_id
     WHERE d.date BETWEEN ${from}::date AND ${to}::date
     GROUP BY 1, 2, 3`.execute(ctx.db);
  const sum = (rows: typeof r.rows): Figures => ({
    days: rows.reduce((s, x) => s + x.days, 0),
    present: rows.reduce((s, x) => s + x.present, 0),
  });
  const weeks = [0, 7, 14, 21].map((k) => addDays(from, k));
  const municipalities = await municipalityRows(ctx, t);
  const rowList = [...municipalities, ...(r.rows.some((x) => !x.municipality_id) ? [regionalRow] : [])];
  return {
    asOf: t.today,
    territory: present(t),
    from,
    to,
    summary: share(sum(r.rows)),
    byKind: KINDS.map((kind) => ({ kind, ...share(sum(r.rows.filter((x) => x.kind === kind))) })),
    rows: rowList.map((m) => ({
      ...m,
      ...share(sum(r.rows.filter((x) => keyOf(x.municipality_id) === keyOf(m.territoryId)))),
    })),
    weeks: weeks.map((weekStart) => ({
      weekStart,
      ...share(sum(r.rows.filter((x) => x.week === weekStart))),
    })),
  };
}
