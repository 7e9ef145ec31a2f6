import { z } from 'zod';
import { note, pageOf, searchText, uuid } from '../../../../common/schemas/primitives.ts';

export const REFERRAL_STATUSES = ['issued', 'enrolled', 'refused', 'expired', 'cancelled'] as const;

export const referralParams = z.strictObject({ id: uuid() });

export const referralListQuery = z.strictObject({
  municipalityId: uuid().optional(),
  organizationId: uuid().optional(),
  runId: uuid().optional(),
  status: z.enum(REFERRAL_STATUSES).optional(),
  cursor: searchText(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const closeReferralSchema = z.strictObject({
  decision: z.enum(['enrolled', 'refused']),
  reason: note(1000),
  version: z.number().int().min(1),
});

export const referralSchema = z.object({
  id: z.string(),
  number: z.string(),
  applicationId: z.string(),
  applicationNumber: z.string(),
  runId: z.string(),
  kind: z.enum(['placement', 'offer']),
  organizationId: z.string(),
  organizationName: z.string(),
  unitName: z.string(),
  child: z.object({
    id: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string(),
  }),
  issuedOn: z.string(),
  expiresOn: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  closeReason: z.string().nullable(),
  version: z.number().int(),
});
export const referralListSchema = pageOf(referralSchema);
export type ReferralView = z.infer<typeof referralSchema>;
