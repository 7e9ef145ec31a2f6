import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';

export type Subject = {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  snils: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  status: string;
  version: number;
};

/** Statistics kept after destruction: nothing that singles the person out. */
export type KeptStatistics = {
  sex: 'male' | 'female';
  birthYear: number;
  municipalityOktmo: string | null;
  enrollments: number;
};

/**
 * What is about to be destroyed, before any row goes: the categories present (the act lists only
 * those), the statistics that stay and the СНИЛС of the records, by which citizen accounts link. The municipality is that of the registration address, or
 * of the last organization when no address carried an ОКТМО.
 */
export async function collectDestruction(tx: Tx, p: Subject, ids: string[]) {
  const r = await sql<{
    birth_place: boolean;
    citizenship: boolean;
    documents: boolean;
    addresses: boolean;
    contacts: boolean;
    hardships: boolean;
    health: boolean;
    disabilities: boolean;
    special_needs: boolean;
    representations: boolean;
    consent_ids: string[];
    snilses: string[];
    duplicate_decisions: boolean;
    merge_records: boolean;
    enrollments: number;
    oktmo: string | null;
  }>`
    SELECT
      EXISTS (SELECT 1 FROM persons WHERE id = ANY(${ids}::uuid[]) AND birth_place IS NOT NULL) AS birth_place,
      EXISTS (SELECT 1 FROM persons WHERE id = ANY(${ids}::uuid[])
                AND (stateless OR cardinality(citizenship_codes) > 0)) AS citizenship,
      EXISTS (SELECT 1 FROM person_documents WHERE person_id = ANY(${ids}::uuid[])) AS documents,
      EXISTS (SELECT 1 FROM person_addresses WHERE person_id = ANY(${ids}::uuid[])) AS addresses,
      EXISTS (SELECT 1 FROM person_contacts WHERE person_id = ANY(${ids}::uuid[])) AS contacts,
      EXISTS (SELECT 1 FROM person_hardships WHERE person_id = ANY(${ids}::uuid[])) AS hardships,
      EXISTS (SELECT 1 FROM person_health WHERE person_id = ANY(${ids}::uuid[])) AS health,
      EXISTS (SELECT 1 FROM person_disabilities WHERE person_id = ANY(${ids}::uuid[])) AS disabilities,
      EXISTS (SELECT 1 FROM person_special_needs WHERE person_id = ANY(${ids}::uuid[])) AS special_needs,
      EXISTS (SELECT 1 FROM representations WHERE learner_id = ANY(${ids}::uuid[])
                OR representative_id = ANY(${ids}::uuid[])) AS representations,
      ARRAY(SELECT id::text FROM consents WHERE subject_id = ANY(${ids}::uuid[])) AS consent_ids,
      ARRAY(SELECT DISTINCT snils FROM persons
             WHERE id = ANY(${ids}::uuid[]) AND snils IS NOT NULL) AS snilses,
      EXISTS (SELECT 1 FROM person_distinctions WHERE person_a = ANY(${ids}::uuid[])
                OR person_b = ANY(${ids}::uuid[])) AS duplicate_decisions,
      EXISTS (SELECT 1 FROM person_merges WHERE survivor_id = ANY(${ids}::uuid[])
                OR merged_id = ANY(${ids}::uuid[])) AS merge_records,
      (SELECT count(*)::int FROM enrollments WHERE person_id = ANY(${ids}::uuid[])) AS enrollments,
      coalesce(
        (SELECT left(a.oktmo, 8) FROM person_addresses a
          WHERE a.person_id = ${p.id} AND a.kind = 'registration' AND a.oktmo IS NOT NULL
          ORDER BY a.valid_to DESC NULLS FIRST, a.valid_from DESC NULLS LAST LIMIT 1),
        (SELECT t.oktmo FROM enrollments e
           JOIN scope_closure c ON c.descendant_id = e.organization_id
           JOIN territories t ON t.id = c.ancestor_id AND t.kind = 'municipality'
          WHERE e.person_id = ANY(${ids}::uuid[])
          ORDER BY e.started_on DESC LIMIT 1)) AS oktmo`.execute(tx);
  const f = r.rows[0]!;
  const categories = [
    'full_name',
    'birth_date',
    ...(f.birth_place ? ['birth_place'] : []),
    ...(p.snils ? ['snils'] : []),
    ...(f.citizenship ? ['citizenship'] : []),
    ...(f.documents ? ['documents'] : []),
    ...(f.addresses ? ['addresses'] : []),
    ...(f.contacts ? ['contacts'] : []),
    ...(f.hardships ? ['hardships'] : []),
    ...(f.health ? ['health'] : []),
    ...(f.disabilities ? ['disabilities'] : []),
    ...(f.special_needs ? ['special_needs'] : []),
    ...(f.representations ? ['representations'] : []),
    ...(f.consent_ids.length > 0 ? ['consent_details'] : []),
    'change_history',
    ...(f.duplicate_decisions ? ['duplicate_decisions'] : []),
    ...(f.merge_records ? ['merge_records'] : []),
  ];
  const kept: KeptStatistics = {
    sex: p.sex,
    birthYear: Number(p.birth_date.slice(0, 4)),
    municipalityOktmo: f.oktmo,
    enrollments: f.enrollments,
  };
  return { categories, kept, consentIds: f.consent_ids, snilses: f.snilses };
}

/**
 * Deletes and overwrites. Consent rows stay as evidence that processing had a lawful basis (purpose,
 * scope, dates) but lose what identifies anyone: the free-text document reference, the revocation
 * reason and the link to the representative, a living person who, with sex and birth year, would
 * point back at the child. Returns the other persons whose links were removed.
 */
export async function eraseRows(
  tx: Tx,
  ids: string[],
  consentIds: string[],
  actorId: string,
): Promise<string[]> {
  const any = sql`ANY(${ids}::uuid[])`;
  for (const table of [
    'person_documents',
    'person_addresses',
    'person_contacts',
    'person_hardships',
    'person_health',
    'person_disabilities',
    'person_special_needs',
  ]) {
    await sql`DELETE FROM ${sql.table(table)} WHERE person_id = ${any}`.execute(tx);
  }
  const links = await sql<{ other: string }>`
    DELETE FROM representations WHERE learner_id = ${any} OR representative_id = ${any}
    RETURNING CASE WHEN learner_id = ${any} THEN representative_id ELSE learner_id END AS other`.execute(tx);
  await sql`UPDATE consents SET document = NULL, revocation_reason = NULL, representative_id = NULL
             WHERE subject_id = ${any}`.execute(tx);
  await sql`DELETE FROM person_distinctions WHERE person_a = ${any} OR person_b = ${any}`.execute(tx);
  await sql`DELETE FROM person_merges WHERE survivor_id = ${any} OR merged_id = ${any}`.execute(tx);
  // Access requests carry free-text comments and reasons about the person; match tokens point at them.
  await sql`DELETE FROM access_requests WHERE person_id = ${any} OR learner_id = ${any}`.execute(tx);
  await sql`DELETE FROM match_tokens WHERE person_id = ${any}`.execute(tx);
  // History rows of the person and of the person's consents hold former values. Entity types are
  // listed by a loose index scan, so the delete uses the (entity_type, entity_id) index.
  await sql`
    WITH RECURSIVE types AS (
      SELECT min(entity_type) AS t FROM change_history
      UNION ALL
      SELECT (SELECT min(entity_type) FROM change_history WHERE entity_type > types.t) FROM types
       WHERE types.t IS NOT NULL)
    DELETE FROM change_history
     WHERE entity_type IN (SELECT t FROM types WHERE t IS NOT NULL)
       AND entity_id = ANY(${[...ids, ...consentIds]}::uuid[])`.execute(tx);
  await sql`
    UPDATE persons SET last_name = 'Удалено', first_name = 'Удалено', middle_name = NULL,
           birth_date = date_trunc('year', birth_date)::date, birth_place = NULL, snils = NULL,
           citizenship_codes = '{}', stateless = false, status = 'destroyed', merged_into_id = NULL,
           version = version + 1, updated_at = now(), updated_by = ${actorId}
     WHERE id = ${any}`.execute(tx);
  return [...new Set(links.rows.map((l) => l.other))].filter((id) => !ids.includes(id));
}
