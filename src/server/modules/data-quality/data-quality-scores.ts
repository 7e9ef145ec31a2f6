import { sql } from 'kysely';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { type ReportScope, resolveScope, type ScopeQuery } from '../stat-forms/report-scope.ts';
import { DataQualityActions as A } from './data-quality.policy.ts';

/** A territory's score: its organizations' scores weighted by their learners (an empty one weighs 1). */
const weighted = sql<number>`round(sum(sc.score * greatest(sc.learners, 1)) / nullif(sum(greatest(sc.learners, 1)), 0), 1)::float8`;

/**
 * The scores of the last finished run for an organization or a territory: the scope's score, each
 * organization's (worst first), each municipality's when the scope holds several, and the scope's
 * score month by month over the last twelve runs. Counts only.
 */
export async function dataQualityScores(ctx: Ctx, q: ScopeQuery) {
  const scope = await resolveScope(ctx, q, A['dataQuality.read']);
  const scores = await scopeScores(ctx, scope);
  await auditNow(ctx, {
    action: 'dataQuality.read',
    objectType: scope.kind,
    objectId: scope.id,
    grant: scope.grant,
    details: { runId: scores.run?.id ?? null },
  });
  return scores;
}

/**
 * The scores of a resolved scope. Not audited: the caller records the read it serves (the data-quality
 * screen, or a dashboard panel of counts).
 */
export async function scopeScores(ctx: Ctx, scope: ReportScope) {
  const runs = await sql<{ id: string; month: string; finished_at: Date }>`
    SELECT id, month::text, finished_at FROM data_quality_runs WHERE status = 'finished'
     ORDER BY finished_at DESC LIMIT 12`.execute(ctx.db);
  const last = runs.rows[0];
  const present = { kind: scope.kind, id: scope.id, name: scope.name };
  if (!last)
    return { run: null, scope: present, summary: null, organizations: [], municipalities: [], trend: [] };
  const orgs = await sql<{
    id: string;
    name: string;
    learners: number;
    errors: number;
    warnings: number;
    score: number;
  }>`
    SELECT o.id, o.short_name AS name, sc.learners, sc.errors, sc.warnings, sc.score::float8 AS score
      FROM data_quality_scores sc JOIN organizations o ON o.id = sc.organization_id
     WHERE sc.run_id = ${last.id}::uuid AND ${scope.organizations('sc.organization_id')}
     ORDER BY sc.score, o.short_name, o.id`.execute(ctx.db);
  const summary = await sql<{ learners: number; errors: number; warnings: number; score: number | null }>`
    SELECT coalesce(sum(sc.learners), 0)::int AS learners, coalesce(sum(sc.errors), 0)::int AS errors,
           coalesce(sum(sc.warnings), 0)::int AS warnings, ${weighted} AS score
      FROM data_quality_scores sc
     WHERE sc.run_id = ${last.id}::uuid AND ${scope.organizations('sc.organization_id')}`.execute(ctx.db);
  const municipalities =
    scope.kind === 'territory'
      ? await sql<{ id: string; name: string; learners: number; score: number | null }>`
          SELECT t.id, t.name, sum(sc.learners)::int AS learners, ${weighted} AS score
            FROM data_quality_scores sc
            JOIN scope_closure c ON c.descendant_id = sc.organization_id
            JOIN territories t ON t.id = c.ancestor_id AND t.kind = 'municipality'
           WHERE sc.run_id = ${last.id}::uuid AND ${scope.organizations('sc.organization_id')}
           GROUP BY t.id, t.name ORDER BY 4, 2`.execute(ctx.db)
      : { rows: [] };
  const trend = await sql<{ month: string; score: number | null }>`
    SELECT r.month::text AS month, ${weighted} AS score
      FROM data_quality_runs r JOIN data_quality_scores sc ON sc.run_id = r.id
     WHERE r.id = ANY(${runs.rows.map((r) => r.id)}::uuid[]) AND ${scope.organizations('sc.organization_id')}
     GROUP BY r.id, r.month, r.finished_at ORDER BY r.finished_at`.execute(ctx.db);
  return {
    run: { id: last.id, month: last.month, finishedAt: last.finished_at.toISOString() },
    scope: present,
    summary: summary.rows[0] ?? null,
    organizations: orgs.rows,
    municipalities: municipalities.rows,
    trend: trend.rows,
  };
}
