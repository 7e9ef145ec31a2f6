import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';

/**
 * Territories the actor works in: those below its scope nodes, and the chain above them (so a
 * school operator sees its municipality and region in selects and breadcrumbs).
 */
export async function listTerritories(ctx: Ctx) {
  const grants = authorize(ctx.actor!, 'territory.read');
  const nodes = grants.map((g) => g.scopeNodeId).filter((n): n is string => n !== null);
  const rows = await sql<{
    id: string;
    kind: 'region';
    name: string;
    oktmo: string | null;
    parent_id: string | null;
  }>`
    SELECT t.id, t.kind, t.name, t.oktmo, t.parent_id
      FROM territories t
     WHERE t.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ANY(${nodes}::uuid[]))
        OR t.id IN (SELECT ancestor_id FROM scope_closure WHERE descendant_id = ANY(${nodes}::uuid[]))
     ORDER BY CASE t.kind WHEN 'region' THEN 0 WHEN 'municipality' THEN 1 ELSE 2 END, t.name`.execute(ctx.db);
  return rows.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    oktmo: r.oktmo,
    parentId: r.parent_id,
  }));
}
