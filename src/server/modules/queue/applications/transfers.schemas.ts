import { z } from 'zod';
import { GROUP_FOCUSES } from '../../../../common/education-dictionary.ts';
import { APPLICATION_STATUSES } from '../../../../common/queue-dictionary.ts';
import { note, pageOf, searchText, uuid } from '../../../../common/schemas/primitives.ts';

export const TRANSFER_STATUSES = ['requested', 'accepted', 'refused', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const transferParams = z.strictObject({ id: uuid() });

/** The sending municipality asks: where to, why (the parent reads it), and the card's version. */
export const requestTransferSchema = z.strictObject({
  toMunicipalityId: uuid(),
  reason: note(1000),
  version: z.number().int().min(1),
});

/** The receiving municipality accepts with its own kindergartens, ranked; a note is optional. */
export const acceptTransferSchema = z.strictObject({
  preferences: z
    .array(uuid())
    .min(1, 'Укажите хотя бы один детский сад')
    .max(20, 'Не более 20 детских садов'),
  reason: note(1000).optional(),
  version: z.number().int().min(1),
});

export const refuseTransferSchema = z.strictObject({
  reason: note(1000),
  version: z.number().int().min(1),
});

export const transferListQuery = z.strictObject({
  /** incoming: sent to a municipality the user covers; outgoing: sent from one; none: both. */
  direction: z.enum(['incoming', 'outgoing']).optional(),
  status: z.enum(TRANSFER_STATUSES).optional(),
  applicationId: uuid().optional(),
  cursor: searchText(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const territoryRef = z.object({ id: z.string(), name: z.string() });

/**
 * A transfer request as both municipalities see it. Before acceptance the receiving municipality sees
 * only what it needs to decide: the child's name and birth date, the number and registration instant,
 * the desired date and the group's направленность, where from and why.
 */
export const transferSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  applicationNumber: z.string(),
  applicationStatus: z.enum(APPLICATION_STATUSES),
  registeredAt: z.string(),
  desiredOn: z.string(),
  groupFocus: z.enum(GROUP_FOCUSES),
  child: z.object({
    id: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string(),
  }),
  from: territoryRef,
  to: territoryRef,
  reason: z.string(),
  requestedOn: z.string(),
  requestedAt: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  decidedOn: z.string().nullable(),
  decisionReason: z.string().nullable(),
  /** The last day to accept or refuse: QUEUE_TRANSFER_ACCEPT_WORKING_DAYS working days after the request. */
  dueOn: z.string(),
  /** Working days since the request (until the decision once decided). */
  workingDaysWaiting: z.number().int(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export type TransferView = z.infer<typeof transferSchema>;
export const transferListSchema = pageOf(transferSchema);
