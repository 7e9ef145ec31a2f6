import { type Kysely, sql } from 'kysely';
import { consentPurpose } from '../../../common/consent-purposes.ts';
import type { DB } from '../../platform/db/schema.ts';

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
export async function readSubjectsConsents(
  db: Kysely<DB>,
  ids: string[],
): Promise<Map<string, ConsentView[]>> {
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
