import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { scopeNodes } from '../../platform/access/policy.ts';

/** A regional grant covers every person, including those not enrolled anywhere yet. */
export const coversRegion = (grants: Grant[]) => grants.some((g) => g.role === 'regional_operator');

/**
 * SQL predicate on a person id column: the person is seen by one of the actor's scope nodes, that is,
 * the person or a learner they represent is enrolled in an organization at or below the node. The
 * pairs (node, person) are kept in person_scope_nodes by triggers in the same transaction as the
 * enrollments and links that decide them (migrations 0007, 0008), so PostgreSQL either probes the
 * pair per candidate or reads every person under the node as one index range, whichever is cheaper.
 */
export function personInScope(column: string, grants: Grant[]) {
  if (coversRegion(grants)) return sql<boolean>`true`;
  const nodes = scopeNodes(grants);
  if (nodes.length === 0) return sql<boolean>`false`;
  return sql<boolean>`EXISTS (SELECT 1 FROM person_scope_nodes sn
      WHERE sn.person_id = ${sql.ref(column)} AND sn.node_id = ANY(${nodes}::uuid[]))`;
}

/** The same scope as personInScope, for a query that reads the card row itself: an array overlap. */
export function cardInScope(scopeNodesColumn: string, grants: Grant[]) {
  if (coversRegion(grants)) return sql<boolean>`true`;
  const nodes = scopeNodes(grants);
  if (nodes.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(scopeNodesColumn)} && ${nodes}::uuid[]`;
}
