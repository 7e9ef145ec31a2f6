import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { scopeNodes } from '../../platform/access/policy.ts';

/** A regional grant covers every person, including those not enrolled anywhere yet. */
export const coversRegion = (grants: Grant[]) => grants.some((g) => g.role === 'regional_operator');

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

/**
 * The same scope as personInScope, decided on a person card's scope nodes (person_cards.scope_node_ids:
 * the organizations where the person or the learners they represent are enrolled, and every node
 * above them): an array overlap with the actor's nodes, no probes.
 */
export function cardInScope(scopeNodesColumn: string, grants: Grant[]) {
  if (coversRegion(grants)) return sql<boolean>`true`;
  const nodes = scopeNodes(grants);
  if (nodes.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(scopeNodesColumn)} && ${nodes}::uuid[]`;
}
