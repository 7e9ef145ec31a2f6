import type { Ctx } from '../../platform/context.ts';
import { scopeScores } from '../data-quality/data-quality-scores.ts';
import { resolveScope } from '../stat-forms/report-scope.ts';
import { dashboardTerritory, present } from './dashboard-territory.ts';
import { DashboardActions as A } from './dashboards.policy.ts';
import type { DashboardQuery, DataQualityPanel } from './dashboards.schemas.ts';
import { keyOf, municipalityRows } from './municipality-rows.ts';

/**
 * The data-quality scores of the last finished monthly run, as the data-quality module computes them
 * (organizations weighted by their learners): the territory's score, per municipality, the ten worst
 * organizations, and the score month by month over the last twelve runs.
 */
export async function readDataQuality(ctx: Ctx, q: DashboardQuery): Promise<DataQualityPanel> {
  const t = await dashboardTerritory(ctx, q.territoryId);
  const scores = await scopeScores(ctx, await resolveScope(ctx, { territoryId: t.id }, A['dashboard.read']));
  const byId = new Map(scores.municipalities.map((m) => [m.id, m]));
  return {
    asOf: t.today,
    territory: present(t),
    run: scores.run,
    summary: scores.summary,
    rows: (await municipalityRows(ctx, t)).map((m) => {
      const s = byId.get(keyOf(m.territoryId));
      return { ...m, learners: s?.learners ?? 0, score: s?.score ?? null };
    }),
    worst: scores.organizations.slice(0, 10).map((o) => ({
      organizationId: o.id,
      name: o.name,
      learners: o.learners,
      errors: o.errors,
      warnings: o.warnings,
      score: o.score,
    })),
    trend: scores.trend,
  };
}
