import { sql } from 'kysely';
import { authorize, scopeNodes } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { regionToday } from '../education/region-today.ts';
import { DashboardActions as A } from './dashboards.policy.ts';

export type DashboardTerritory = {
  id: string;
  name: string;
  kind: 'region' | 'municipality';
  /** Today in the region's calendar: the day every panel describes. */
  today: string;
};

/**
 * The territory a panel describes: the one asked for when it lies at or below one of the reader's scope
 * nodes, else (none asked) the reader's widest one. Only the region and municipalities have dashboards. A territory above the reader's scope (the region for a
 * municipality) or outside it answers 404 like an absent one, so nobody learns which ids exist.
 */
export async function dashboardTerritory(
  ctx: Ctx,
  territoryId: string | undefined,
): Promise<DashboardTerritory> {
  const nodes = scopeNodes(authorize(ctx.actor!, A['dashboard.read']));
  const row = await sql<{ id: string; name: string; kind: DashboardTerritory['kind'] }>`
    SELECT t.id, t.name, t.kind FROM territories t
     WHERE t.kind IN ('region', 'municipality')
       AND EXISTS (SELECT 1 FROM scope_closure c WHERE c.ancestor_id = ANY(${nodes}::uuid[]) AND c.descendant_id = t.id)
       AND ${territoryId === undefined ? sql`true` : sql`t.id = ${territoryId}::uuid`}
     ORDER BY (t.kind = 'region') DESC, (t.kind = 'municipality') DESC, t.name, t.id
     LIMIT 1`.execute(ctx.db);
  const t = row.rows[0];
  if (!t) throw notFound('Территория').audited(A['dashboard.read'], 'territory', territoryId ?? null);
  return { ...t, today: regionToday(ctx.config.timeZone) };
}

/**
 * The organizations below the territory with the municipality each belongs to (none for the region's own
 * organizations), as a CTE named `orgs` (id, kind, status, capacity, short_name, municipality_id).
 */
export const orgsCte = (territoryId: string) => sql`
  orgs AS (
    SELECT o.id, o.kind, o.status, o.capacity, o.short_name, o.liquidated_on,
           (SELECT c.ancestor_id FROM scope_closure c JOIN territories t ON t.id = c.ancestor_id
             WHERE c.descendant_id = o.id AND t.kind = 'municipality' LIMIT 1) AS municipality_id
      FROM organizations o
     WHERE o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${territoryId}::uuid))`;

/** A row's name when its organizations belong to no municipality. */
export const REGIONAL_ROW = 'Организации регионального подчинения';

export const present = (t: DashboardTerritory) => ({ id: t.id, name: t.name, kind: t.kind });
