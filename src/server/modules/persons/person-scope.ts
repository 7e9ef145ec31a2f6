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

/**
 * SQL predicate on a person id column, checked per row: a search or card touches few rows, so
 * probing a learner's enrollments (or a representative's learners' enrollments) through the
 * closure table beats building the whole visible set of a large municipality.
 */
export function personInScope(column: string, grants: Grant[]) {
  if (coversRegion(grants)) return sql<boolean>`true`;
  const nodes = scopeNodes(grants);
  if (nodes.length === 0) return sql<boolean>`false`;
  const person = sql.ref(column);
  return sql<boolean>`(EXISTS (SELECT 1 FROM enrollments e JOIN scope_closure c ON c.descendant_id = e.organization_id
      WHERE e.person_id = ${person} AND c.ancestor_id = ANY(${nodes}::uuid[]))
    OR EXISTS (SELECT 1 FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
      JOIN scope_closure c ON c.descendant_id = e.organization_id
      WHERE r.representative_id = ${person} AND r.revoked_at IS NULL AND c.ancestor_id = ANY(${nodes}::uuid[])))`;
}
