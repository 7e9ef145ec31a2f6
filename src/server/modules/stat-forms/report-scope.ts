import { type RawBuilder, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { organizationForAction } from '../education/education-scope.ts';

export type ScopeQuery = { organizationId?: string | undefined; territoryId?: string | undefined };

export type ReportScope = {
  kind: 'organization' | 'territory';
  id: string;
  name: string;
  grant: Grant;
  /** A predicate on an organization id column: the organizations the report covers. */
  organizations: (column: string) => RawBuilder<boolean>;
};

/**
 * What a form is computed over: one organization, or the organizations below a territory (a
 * municipality, the region) that lie in the reader's scope. An organization or territory outside the
 * reader's scope answers 404 like an absent one, audited as denied.
 */
export async function resolveScope(ctx: Ctx, q: ScopeQuery, action: string): Promise<ReportScope> {
  if ((q.organizationId === undefined) === (q.territoryId === undefined))
    throw invalidField(
      'query.organizationId',
      'Укажите либо организацию (organizationId), либо территорию (territoryId)',
      'one_of',
    );
  if (q.organizationId !== undefined) {
    const org = await organizationForAction(ctx, ctx.db, q.organizationId, action);
    return {
      kind: 'organization',
      id: org.id,
      name: org.shortName,
      grant: org.grant,
      organizations: (column) => sql<boolean>`${sql.ref(column)} = ${org.id}::uuid`,
    };
  }
  const grants = authorize(ctx.actor!, action);
  const nodes = scopeNodes(grants);
  const territory = await ctx.db
    .selectFrom('territories as t')
    .select(['t.id', 't.name'])
    .where('t.id', '=', q.territoryId!)
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM scope_closure c
        WHERE (c.ancestor_id = ANY(${nodes}::uuid[]) AND c.descendant_id = t.id)
           OR (c.ancestor_id = t.id AND c.descendant_id = ANY(${nodes}::uuid[])))`,
    )
    .executeTakeFirst();
  if (!territory) throw notFound('Территория').audited(action, 'territory', q.territoryId!);
  // The covered organizations as a constant list (a region has a few thousand): the planner then sees
  // an array it can hash and estimate, as in a hand-written query, not a set operation to join with.
  const covered = await sql<{ id: string }>`
    SELECT o.id FROM organizations o
     WHERE o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${territory.id}::uuid
                    INTERSECT
                    SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))`.execute(
    ctx.db,
  );
  const ids = covered.rows.map((r) => r.id);
  return {
    kind: 'territory',
    id: territory.id,
    name: territory.name,
    grant: grants[0]!,
    organizations: (column) => sql<boolean>`${sql.ref(column)} = ANY(${ids}::uuid[])`,
  };
}
