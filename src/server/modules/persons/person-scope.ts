import { type RawBuilder, sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { scopeNodes } from '../../platform/access/policy.ts';

/** A regional grant covers every person, including those not enrolled anywhere yet. */
export const coversRegion = (grants: Grant[]) => grants.some((g) => g.role === 'regional_operator');

/**
 * The persons an actor may see: learners enrolled in an organization of its scope, and the
 * representatives of those learners. Every person query starts from this, so a forgotten check
 * returns nothing rather than everything.
 */
export function visiblePersonIds(grants: Grant[]): RawBuilder<string> | null {
  if (coversRegion(grants)) return null;
  const nodes = scopeNodes(grants);
  const orgs = sql`(SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))`;
  return sql<string>`(
    SELECT e.person_id FROM enrollments e WHERE e.organization_id IN ${orgs}
    UNION
    SELECT r.representative_id FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
     WHERE r.revoked_at IS NULL AND e.organization_id IN ${orgs})`;
}

/** SQL predicate on a person id column. */
export function personInScope(column: string, grants: Grant[]) {
  const ids = visiblePersonIds(grants);
  if (ids === null) return sql<boolean>`true`;
  if (scopeNodes(grants).length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} IN ${ids}`;
}
