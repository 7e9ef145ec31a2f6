import type { Kysely } from 'kysely';
import { consentPurpose } from '../../../common/consent-purposes.ts';
import type { ConsentItem } from '../../../common/schemas/consent.ts';
import type { DB } from '../../platform/db/schema.ts';

/**
 * A person's consents, newest first, with the representative who signed. The caller has already
 * checked that the subject is in the actor's scope.
 */
export async function listConsents(db: Kysely<DB>, subjectId: string, consentId?: string) {
  let q = db
    .selectFrom('consents as c')
    .leftJoin('persons as r', 'r.id', 'c.representative_id')
    .select([
      'c.id',
      'c.purpose',
      'c.scope',
      'c.given_on',
      'c.document',
      'c.revoked_on',
      'c.revocation_reason',
      'r.id as rep_id',
      'r.last_name',
      'r.first_name',
      'r.middle_name',
    ])
    .where('c.subject_id', '=', subjectId);
  if (consentId) q = q.where('c.id', '=', consentId);
  const rows = await q.orderBy('c.given_on', 'desc').orderBy('c.created_at', 'desc').execute();
  return rows.map((c): ConsentItem => {
    const purpose = consentPurpose(c.purpose);
    return {
      id: c.id,
      purpose: c.purpose,
      purposeTitle: purpose?.title ?? c.purpose,
      basis: purpose?.basis ?? 'consent',
      scope: c.scope,
      givenOn: c.given_on,
      document: c.document,
      representative: c.rep_id
        ? {
            id: c.rep_id,
            fullName: [c.last_name, c.first_name, c.middle_name].filter(Boolean).join(' '),
          }
        : null,
      revokedOn: c.revoked_on,
      revocationReason: c.revocation_reason,
    };
  });
}

/** Persons whose data a list of consents shows: the subject and the signing representatives. */
export const consentSubjects = (subjectId: string, items: ConsentItem[]) => [
  ...new Set([subjectId, ...items.flatMap((i) => (i.representative ? [i.representative.id] : []))]),
];
