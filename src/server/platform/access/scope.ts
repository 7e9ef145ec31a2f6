import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Grant } from './actor.ts';
import { scopeNodes } from './policy.ts';

/** The first grant whose scope contains node, or null. One indexed lookup in the closure table. */
export async function grantCovering(db: Kysely<DB>, grants: Grant[], node: string): Promise<Grant | null> {
  const nodes = scopeNodes(grants);
  if (nodes.length === 0) return null;
  const rows = await db
    .selectFrom('scope_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', node)
    .where('ancestor_id', 'in', nodes)
    .execute();
  const covering = new Set(rows.map((r) => r.ancestor_id));
  return grants.find((g) => g.scopeNodeId && covering.has(g.scopeNodeId)) ?? null;
}

/** SQL predicate: the column's node lies below one of the grants' scope nodes. */
export function inScope(column: string, grants: Grant[]) {
  const nodes = scopeNodes(grants);
  if (nodes.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))`;
}
