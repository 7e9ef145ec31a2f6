import { z } from 'zod';
import { isoDate, note, pageOf, searchText, uuid } from '../../../../common/schemas/primitives.ts';

export const RUN_KINDS = ['main', 'top_up'] as const;
export const RUN_STATUSES = ['preparing', 'running', 'draft', 'approved', 'discarded', 'failed'] as const;
export const OUTCOMES = ['placed', 'offered', 'outranked', 'no_eligible_group', 'kept_current_seat'] as const;

export const runParams = z.strictObject({ id: uuid() });
export const runGroupParams = z.strictObject({ id: uuid(), unitId: uuid() });

export const prepareRunSchema = z.strictObject({
  municipalityId: uuid(),
  kind: z.enum(RUN_KINDS),
  referenceDate: isoDate(),
});

export const runListQuery = z.strictObject({ municipalityId: uuid().optional() });

const version = z.number().int().min(1);
export const setGroupFreeSchema = z.strictObject({ free: z.number().int().min(0).max(1000), version });
export const versionSchema = z.strictObject({ version });
export const approveRunSchema = z.strictObject({
  version,
  /** Days the referrals wait for the family; the configured default when absent. */
  referralDays: z.number().int().min(1).max(90).optional(),
});
export const discardRunSchema = z.strictObject({ version, reason: note(1000) });

export const outcomeListQuery = z.strictObject({
  outcome: z.enum(OUTCOMES).optional(),
  organizationId: uuid().optional(),
  cursor: searchText(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const stats = z
  .object({
    applications: z.number().int(),
    placed: z.number().int(),
    offered: z.number().int(),
    unplaced: z.number().int(),
    proposals: z.number().int(),
  })
  .nullable();

export const runGroupSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  ageFrom: z.number().int(),
  ageTo: z.number().int(),
  groupFocus: z.string().nullable(),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  held: z.number().int(),
  computedFree: z.number().int(),
  free: z.number().int(),
  placed: z.number().int(),
  offered: z.number().int(),
  cutoff: z
    .object({ number: z.string().nullable(), priority: z.string(), registeredAt: z.string() })
    .nullable(),
});

export const runSummarySchema = z.object({
  id: z.string(),
  municipalityId: z.string(),
  municipalityName: z.string(),
  kind: z.enum(RUN_KINDS),
  referenceDate: z.string(),
  status: z.enum(RUN_STATUSES),
  jobId: z.string().nullable(),
  inputSha256: z.string().nullable(),
  stats,
  failure: z.string().nullable(),
  createdAt: z.string(),
  computedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  referralDays: z.number().int().nullable(),
  version: z.number().int(),
});
export const runListSchema = z.object({ items: z.array(runSummarySchema) });
export const runSchema = runSummarySchema.extend({ groups: z.array(runGroupSchema) });
export type RunView = z.infer<typeof runSchema>;

const rejection = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  reason: z.enum(['no_group', 'outranked']),
  priority: z.string().nullable(),
});
export const outcomeSchema = z.object({
  applicationId: z.string(),
  number: z.string(),
  registeredAt: z.string(),
  outcome: z.enum(OUTCOMES),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  unitName: z.string().nullable(),
  rejected: z.array(rejection),
});
export const outcomeListSchema = pageOf(outcomeSchema);
