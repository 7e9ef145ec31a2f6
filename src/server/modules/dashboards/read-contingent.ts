import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { gradeLevelSql } from '../promotion/promotion-scope.ts';
import { dashboardTerritory, orgsCte, present } from './dashboard-territory.ts';
import { type ContingentPanel, type DashboardQuery, LEVELS } from './dashboards.schemas.ts';
import { keyOf, municipalityRows, regionalRow } from './municipality-rows.ts';

type Level = (typeof LEVELS)[number];
const zero = () => Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;

/**
 * Learners by level of education and municipality: persons with an enrollment in force today. The level
 * is the enrolled programme's; an enrollment made before programmes existed takes it from the kind of its
 * organization (a kindergarten is preschool, a college СПО, a centre additional), a school's from the
 * class the learner is placed in today (НОО 1–4, ООО 5–9, СОО 10–11), and is «не указан» without either. A person counts once per level and once in a total, however many enrollments they hold.
 */
export async function readContingent(ctx: Ctx, q: DashboardQuery): Promise<ContingentPanel> {
  const t = await dashboardTerritory(ctx, q.territoryId);
  const r = await sql<{
    municipality_id: string | null;
    level: Level | null;
    gm: number;
    gl: number;
    n: number;
  }>`
    WITH ${orgsCte(t.id)},
    e AS (
      SELECT o.municipality_id, e.person_id,
             coalesce(e.level, CASE o.kind WHEN 'preschool' THEN 'preschool' WHEN 'vocational' THEN 'spo'
                                           WHEN 'additional' THEN 'additional' END,
                      -- Evaluated only for a school's enrollment without a programme: its class today.
                      (SELECT ${gradeLevelSql(sql`u.grade`)} FROM placements p JOIN units u ON u.id = p.unit_id
                        WHERE p.enrollment_id = e.id AND u.kind = 'class' AND p.valid_from <= ${t.today}::date
                          AND (p.valid_to IS NULL OR p.valid_to > ${t.today}::date)
                        ORDER BY p.valid_from DESC LIMIT 1),
                      'unknown') AS level
        FROM enrollments e JOIN orgs o ON o.id = e.organization_id
       WHERE e.started_on <= ${t.today}::date AND (e.ended_on IS NULL OR e.ended_on > ${t.today}::date))
    SELECT municipality_id::text, level, GROUPING(municipality_id)::int AS gm, GROUPING(level)::int AS gl,
           count(DISTINCT person_id)::int AS n
      FROM e GROUP BY GROUPING SETS ((municipality_id, level), (municipality_id), (level), ())`.execute(
    ctx.db,
  );
  const totals = { ...zero(), total: 0 };
  const byRow = new Map<string, { byLevel: Record<Level, number>; total: number }>();
  const row = (id: string | null) => {
    const k = keyOf(id);
    if (!byRow.has(k)) byRow.set(k, { byLevel: zero(), total: 0 });
    return byRow.get(k)!;
  };
  for (const x of r.rows) {
    if (x.gm === 1 && x.gl === 1) totals.total = x.n;
    else if (x.gm === 1) totals[x.level!] = x.n;
    else if (x.gl === 1) row(x.municipality_id).total = x.n;
    else row(x.municipality_id).byLevel[x.level!] = x.n;
  }
  const municipalities = await municipalityRows(ctx, t);
  const regional = byRow.has('') ? [regionalRow] : [];
  return {
    asOf: t.today,
    territory: present(t),
    totals,
    rows: [...municipalities, ...regional].map((m) => ({ ...m, ...row(m.territoryId) })),
  };
}
