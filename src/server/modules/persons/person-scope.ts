import { sql } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { scopeNodes } from '../../platform/access/policy.ts';

/** A regional grant covers every person, including those not enrolled anywhere yet. */
export const coversRegion = (grants: Grant[]) => grants.some((g) => g.role === 'regional_operator');

/**
 * Days after an exit during which the former organization keeps full access. One value per process,
 * set from the configuration when the app is built (ACCESS_GRACE_DAYS).
 */
let graceDays = 30;
export function configurePersonAccess(opts: { graceDays: number }) {
  graceDays = opts.graceDays;
}
export const accessGraceDays = () => graceDays;

/** SQL: a person_access row (alias a) still gives full access today. */
const fullAccessRow = (alias: string) =>
  sql<boolean>`(${sql.ref(`${alias}.last_day`)} IS NULL
    OR ${sql.ref(`${alias}.last_day`)} >= current_date - ${graceDays}::int)`;

/**
 * SQL predicate on a person id column: the actor has full access to the person. That is, at or below one
 * of the actor's scope nodes the person (or a learner they represent, while the link is in force) has an
 * open enrollment, or one that ended within the grace period. person_access holds these (node, person)
 * facts and is kept from the enrollments and links themselves, in the same transaction, under locks
 * (migration 0009); the check is one index probe per candidate, or one range read of a node.
 */
export const personInScope = (column: string, grants: Grant[]) => personIdInScope(sql.ref(column), grants);

/** personInScope for any SQL expression that yields a person id. */
export function personIdInScope(id: unknown, grants: Grant[]) {
  if (coversRegion(grants)) return sql<boolean>`true`;
  const nodes = scopeNodes(grants);
  if (nodes.length === 0) return sql<boolean>`false`;
  return sql<boolean>`EXISTS (SELECT 1 FROM person_access a
      WHERE a.person_id = ${id} AND a.node_id = ANY(${nodes}::uuid[]) AND ${fullAccessRow('a')})`;
}
