import { sql } from 'kysely';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import { auditNow, type Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { countsAsOfBelow } from './contingent-as-of.ts';
import { EducationActions as A } from './education.policy.ts';
import { regionToday } from './region-today.ts';

/**
 * Learner counts per organization below a territory on a date. The reader sees the organizations of
 * that territory within their own scope: the region's operator all, a municipality's specialist those
 * of their municipality, an organization's staff their organization. A territory neither inside nor
 * above the reader's scope answers 404 like an absent one.
 */
export async function territoryLearnerCounts(ctx: Ctx, territoryId: string, asOf: string | undefined) {
  const grants = authorize(ctx.actor!, A['learnerCounts.read']);
  const nodes = scopeNodes(grants);
  const territory = await ctx.db
    .selectFrom('territories as t')
    .select(['t.id', 't.name', 't.kind'])
    .where('t.id', '=', territoryId)
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM scope_closure c
        WHERE (c.ancestor_id = ANY(${nodes}::uuid[]) AND c.descendant_id = t.id)
           OR (c.ancestor_id = t.id AND c.descendant_id = ANY(${nodes}::uuid[])))`,
    )
    .executeTakeFirst();
  if (!territory) throw notFound('Территория').audited(A['learnerCounts.read'], 'territory', territoryId);
  const on = asOf ?? regionToday(ctx.config.timeZone);
  const rows = await countsAsOfBelow(ctx.db, territory.id, nodes, on);
  await auditNow(ctx, {
    action: 'learnerCounts.read',
    objectType: 'territory',
    objectId: territory.id,
    details: { asOf: on, organizations: rows.length },
  });
  return {
    asOf: on,
    territory,
    items: rows.map((r) => ({
      organizationId: r.organization_id,
      shortName: r.short_name,
      kind: r.kind,
      territoryName: r.territory_name,
      learners: r.n,
    })),
    total: rows.reduce((s, r) => s + r.n, 0),
  };
}
