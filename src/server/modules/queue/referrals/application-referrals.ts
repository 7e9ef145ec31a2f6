import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { REFERRAL_STATUSES } from './referrals.schemas.ts';

/** A referral as the family reads it: where to go, to which group, by when, and what became of it. */
export type ApplicationReferral = {
  number: string;
  kind: 'placement' | 'offer';
  kindergarten: { name: string; address: string | null };
  groupName: string;
  issuedOn: string;
  expiresOn: string;
  status: (typeof REFERRAL_STATUSES)[number];
};

/**
 * The referrals of the given applications by application: the issued one first, then the closed ones,
 * newest first. The caller has resolved which applications the reader may see; the answer names no
 * person (the kindergarten's name and address are public).
 */
export async function applicationReferrals(
  db: Kysely<DB>,
  applicationIds: string[],
): Promise<Map<string, ApplicationReferral[]>> {
  const out = new Map<string, ApplicationReferral[]>(applicationIds.map((id) => [id, []]));
  if (applicationIds.length === 0) return out;
  const r = await sql<{
    application_id: string;
    number: string;
    kind: ApplicationReferral['kind'];
    name: string;
    address: string | null;
    unit_name: string;
    issued_on: string;
    expires_on: string;
    status: ApplicationReferral['status'];
  }>`
    SELECT r.application_id, r.number, r.kind, o.short_name AS name,
           nullif(o.actual_address->>'text', '') AS address, u.name AS unit_name,
           r.issued_on::text, r.expires_on::text, r.status
      FROM referrals r
      JOIN organizations o ON o.id = r.organization_id
      JOIN units u ON u.id = r.unit_id
     WHERE r.application_id = ANY(${applicationIds}::uuid[])
     ORDER BY (r.status = 'issued') DESC, r.issued_on DESC, length(r.number) DESC, r.number DESC`.execute(db);
  for (const x of r.rows)
    out.get(x.application_id)?.push({
      number: x.number,
      kind: x.kind,
      kindergarten: { name: x.name, address: x.address },
      groupName: x.unit_name,
      issuedOn: x.issued_on,
      expiresOn: x.expires_on,
      status: x.status,
    });
  return out;
}
