import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { type DashboardTerritory, REGIONAL_ROW } from './dashboard-territory.ts';

/**
 * The rows of a panel: every municipality at or below the territory (none left out for having no
 * figures, so an empty municipality shows as zero), then the region's own organizations when `regional`.
 */
export async function municipalityRows(ctx: Ctx, t: DashboardTerritory) {
  const r = await sql<{ id: string; name: string }>`
    SELECT m.id, m.name FROM territories m
      JOIN scope_closure c ON c.descendant_id = m.id AND c.ancestor_id = ${t.id}::uuid
     WHERE m.kind = 'municipality'
     ORDER BY m.name, m.id`.execute(ctx.db);
  return r.rows.map((m) => ({ territoryId: m.id as string | null, name: m.name }));
}

export const regionalRow = { territoryId: null as string | null, name: REGIONAL_ROW };

/** A map key for a municipality id that may be null (the region's own organizations). */
export const keyOf = (id: string | null) => id ?? '';
