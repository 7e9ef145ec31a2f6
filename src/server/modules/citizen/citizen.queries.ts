import { type Kysely, sql } from 'kysely';
import { consentPurpose } from '../../../common/consent-purposes.ts';
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

export type HealthView = {
  healthGroup: number | null;
  peGroup: string | null;
  needsAdaptedProgram: boolean;
  longTermTreatment: string | null;
  disabilities: {
    category: string;
    group: number | null;
    validFrom: string;
    validUntil: string | null;
    cause: string | null;
    ipraNumber: string | null;
    ipraDate: string | null;
  }[];
  specialNeeds: {
    pmpkDate: string;
    pmpkNumber: string;
    recommendedProgram: string | null;
    validUntil: string | null;
  }[];
};

/**
 * Health data (special category) of the given persons, read directly from the health tables: the
 * parent is entitled to it under ст. 14, so no staff health permission applies. null when nothing
 * at all is recorded for a person.
 */
export async function readHealth(db: Kysely<DB>, ids: string[]): Promise<Map<string, HealthView | null>> {
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

export type ConsentView = {
  id: string;
  purpose: string;
  purposeTitle: string;
  scope: string[];
  givenOn: string;
  document: string | null;
  revokedOn: string | null;
  revocationReason: string | null;
  representative: { id: string; fullName: string } | null;
};

/** Consents recorded for the given persons, every one (revoked included), newest first. */
export async function readConsents(db: Kysely<DB>, ids: string[]): Promise<Map<string, ConsentView[]>> {
  const out = new Map<string, ConsentView[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await sql<{
    id: string;
    subject_id: string;
    purpose: string;
    scope: string[];
    given_on: string;
    document: string | null;
    revoked_on: string | null;
    revocation_reason: string | null;
    rep_id: string | null;
    rep_name: string | null;
  }>`
    SELECT c.id, c.subject_id, c.purpose, c.scope, c.given_on, c.document, c.revoked_on,
           c.revocation_reason, r.id AS rep_id,
           concat_ws(' ', r.last_name, r.first_name, r.middle_name) AS rep_name
      FROM consents c LEFT JOIN persons r ON r.id = c.representative_id
     WHERE c.subject_id = ANY(${ids}::uuid[])
     ORDER BY c.given_on DESC, c.created_at DESC`.execute(db);
  for (const c of rows.rows) {
    out.get(c.subject_id)?.push({
      id: c.id,
      purpose: c.purpose,
      purposeTitle: consentPurpose(c.purpose)?.title ?? c.purpose,
      scope: c.scope,
      givenOn: c.given_on,
      document: c.document,
      revokedOn: c.revoked_on,
      revocationReason: c.revocation_reason,
      representative: c.rep_id ? { id: c.rep_id, fullName: c.rep_name ?? '' } : null,
    });
  }
  return out;
}
