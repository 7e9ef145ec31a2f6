import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/** A representative's authority ends when the child comes of age (ГК РФ ст. 21, 28, 64). */
export const AGE_OF_MAJORITY = 18;

/**
 * The persons a citizen may see: their own record (the active person with the СНИЛС ЕСИА gave) and
 * the learners they represent through a current representation link who are under 18 on `today`
 * (the region's date). A child who has come of age is counted, not listed: from then on the adult
 * signs in for themselves, even if the link was never closed in the registry.
 */
export async function citizenCircle(db: Kysely<DB>, snils: string | null, today: string) {
  const none = { selfId: null, childIds: [] as string[], adultChildren: 0 };
  if (!snils) return none;
  const self = await db
    .selectFrom('persons')
    .select('id')
    .where('snils', '=', snils)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!self) return none;
  const children = await sql<{ id: string; adult: boolean }>`
    SELECT c.id, c.birth_date + make_interval(years => ${AGE_OF_MAJORITY}) <= ${today}::date AS adult
      FROM representations r JOIN persons c ON c.id = r.learner_id
     WHERE r.representative_id = ${self.id} AND r.revoked_at IS NULL AND c.status = 'active'
       AND (r.valid_from IS NULL OR r.valid_from <= ${today}::date)
       AND (r.valid_to IS NULL OR r.valid_to >= ${today}::date)
     GROUP BY c.id, c.birth_date ORDER BY c.birth_date, c.id`.execute(db);
  return {
    selfId: self.id,
    childIds: children.rows.filter((r) => !r.adult).map((r) => r.id),
    adultChildren: children.rows.filter((r) => r.adult).length,
  };
}

/** Kind of each organization ('school', 'additional', …): the cabinet names the main school first. */
export async function organizationKinds(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organizations').select(['id', 'kind']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.kind]));
}

export type { ConsentView } from '../consents/consents-citizen-view.ts';
export type { HealthView } from '../person-health/health-citizen-view.ts';
