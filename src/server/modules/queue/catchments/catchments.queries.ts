import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

type Row = {
  id: string;
  municipality_id: string;
  name: string;
  oktmo: string[];
  neighbours: string[];
  version: number;
  kindergartens: { id: string; name: string }[];
};

/** Catchments of a municipality (or one), with their kindergartens by name. */
export async function readCatchments(db: Kysely<DB>, where: { municipalityId?: string; id?: string }) {
  const r = await sql<Row>`
    SELECT c.id, c.municipality_id, c.name, c.oktmo, c.neighbours, c.version,
           coalesce((SELECT json_agg(json_build_object('id', o.id, 'name', o.short_name) ORDER BY o.short_name)
                       FROM catchment_kindergartens k JOIN organizations o ON o.id = k.organization_id
                      WHERE k.catchment_id = c.id), '[]') AS kindergartens
      FROM catchments c
     WHERE (${where.municipalityId ?? null}::uuid IS NULL OR c.municipality_id = ${where.municipalityId ?? null}::uuid)
       AND (${where.id ?? null}::uuid IS NULL OR c.id = ${where.id ?? null}::uuid)
     ORDER BY c.name`.execute(db);
  return r.rows.map((c) => ({
    id: c.id,
    municipalityId: c.municipality_id,
    name: c.name,
    oktmo: c.oktmo,
    kindergartens: c.kindergartens,
    neighbours: c.neighbours,
    version: c.version,
  }));
}
