import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { healthViewSchema } from '../../../common/schemas/health.ts';
import type { DB } from '../../platform/db/schema.ts';

type OperatorHealthView = z.infer<typeof healthViewSchema>;

/** The operator's health view less ids and version: what its subject reads. */
export type HealthView = Pick<
  OperatorHealthView,
  'healthGroup' | 'peGroup' | 'needsAdaptedProgram' | 'longTermTreatment'
> & {
  disabilities: Omit<OperatorHealthView['disabilities'][number], 'id'>[];
  specialNeeds: Omit<OperatorHealthView['specialNeeds'][number], 'id'>[];
};

/**
 * Health data (special category) of the given persons, read directly from the health tables: the
 * parent is entitled to it under ст. 14, so no staff health permission applies. null when nothing
 * at all is recorded for a person.
 */
export async function readSubjectsHealth(
  db: Kysely<DB>,
  ids: string[],
): Promise<Map<string, HealthView | null>> {
  const out = new Map<string, HealthView | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return out;
  const r = await sql<{ id: string; health: HealthView | null }>`
    SELECT x.id, CASE WHEN h.person_id IS NULL AND d.items IS NULL AND s.items IS NULL THEN NULL ELSE
      json_build_object('healthGroup', h.health_group, 'peGroup', h.pe_group,
        'needsAdaptedProgram', coalesce(h.needs_adapted_program, false),
        'longTermTreatment', h.long_term_treatment,
        'disabilities', coalesce(d.items, '[]'), 'specialNeeds', coalesce(s.items, '[]')) END AS health
      FROM unnest(${ids}::uuid[]) AS x(id)
      LEFT JOIN person_health h ON h.person_id = x.id
      LEFT JOIN LATERAL (SELECT json_agg(json_build_object('category', category, 'group', disability_group,
          'validFrom', valid_from, 'validUntil', valid_until, 'cause', cause, 'ipraNumber', ipra_number,
          'ipraDate', ipra_date) ORDER BY valid_from) AS items
          FROM person_disabilities WHERE person_id = x.id) d ON true
      LEFT JOIN LATERAL (SELECT json_agg(json_build_object('pmpkDate', pmpk_date, 'pmpkNumber', pmpk_number,
          'recommendedProgram', recommended_program, 'validUntil', valid_until) ORDER BY pmpk_date) AS items
          FROM person_special_needs WHERE person_id = x.id) s ON true`.execute(db);
  for (const row of r.rows) out.set(row.id, row.health);
  return out;
}
