import { sql } from 'kysely';
import type { ReferralView } from './referrals.schemas.ts';

export type ReferralRow = {
  id: string;
  number: string;
  application_id: string;
  application_number: string;
  run_id: string;
  kind: ReferralView['kind'];
  organization_id: string;
  organization_name: string;
  unit_name: string;
  child_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  issued_on: string;
  expires_on: string;
  status: ReferralView['status'];
  close_reason: string | null;
  version: number;
};

export const referralSelect = sql`
  SELECT r.id, r.number, r.application_id, a.number AS application_number, r.run_id, r.kind, r.organization_id,
         o.short_name AS organization_name, u.name AS unit_name, a.child_id, p.last_name, p.first_name,
         p.middle_name, p.birth_date::text, r.issued_on::text, r.expires_on::text, r.status, r.close_reason,
         r.version
    FROM referrals r
    JOIN preschool_applications a ON a.id = r.application_id
    JOIN persons p ON p.id = a.child_id
    JOIN organizations o ON o.id = r.organization_id
    JOIN units u ON u.id = r.unit_id`;

export const toReferral = (r: ReferralRow): ReferralView => ({
  id: r.id,
  number: r.number,
  applicationId: r.application_id,
  applicationNumber: r.application_number,
  runId: r.run_id,
  kind: r.kind,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  unitName: r.unit_name,
  child: {
    id: r.child_id,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    birthDate: r.birth_date,
  },
  issuedOn: r.issued_on,
  expiresOn: r.expires_on,
  status: r.status,
  closeReason: r.close_reason,
  version: r.version,
});
