import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/**
 * The persons a citizen may see: their own record (the active person with the СНИЛС ЕСИА gave) and
 * the learners they represent through a current representation link.
 */
export async function citizenCircle(db: Kysely<DB>, snils: string | null) {
  if (!snils) return { selfId: null, childIds: [] as string[] };
  const self = await db
    .selectFrom('persons')
    .select('id')
    .where('snils', '=', snils)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!self) return { selfId: null, childIds: [] as string[] };
  const children = await sql<{ id: string }>`
    SELECT c.id FROM representations r JOIN persons c ON c.id = r.learner_id
     WHERE r.representative_id = ${self.id} AND r.revoked_at IS NULL AND c.status = 'active'
       AND (r.valid_from IS NULL OR r.valid_from <= current_date)
       AND (r.valid_to IS NULL OR r.valid_to >= current_date)
     GROUP BY c.id, c.birth_date ORDER BY c.birth_date, c.id`.execute(db);
  return { selfId: self.id, childIds: children.rows.map((r) => r.id) };
}

export type { ConsentView } from '../consents/consents-citizen-view.ts';
export type { HealthView } from '../person-health/health-citizen-view.ts';
