import { z } from 'zod';
import { GROUP_FOCUSES, IMPAIRMENT_TYPES, STAY_MODES } from '../../../../common/education-dictionary.ts';
import { APPLICATION_STATUSES, RIGHT_KINDS } from '../../../../common/queue-dictionary.ts';
import { isoDate, note, pageOf, searchText, text, uuid } from '../../../../common/schemas/primitives.ts';

export const applicationParams = z.strictObject({ id: uuid() });
export const rightParams = z.strictObject({ id: uuid(), rightId: uuid() });

const rightClaim = z.strictObject({
  categoryCode: text(60),
  documentTitle: text(300),
  documentNumber: text(60).optional(),
  documentIssuedOn: isoDate(),
  documentIssuer: text(300).optional(),
  validFrom: isoDate().optional(),
  validTo: isoDate().optional(),
});
export type RightClaim = z.infer<typeof rightClaim>;

/**
 * An application as the operator files it. The limits a region configures (how many kindergartens)
 * and what needs the database (the kindergartens' municipality, the child's birth date) are checked
 * by the use case, with the field's path.
 */
export const fileApplicationSchema = z.strictObject({
  municipalityId: uuid(),
  childId: uuid(),
  applicantId: uuid(),
  desiredOn: isoDate(),
  preferences: z.array(uuid()).min(1, 'Укажите хотя бы один детский сад'),
  groupFocus: z.enum(GROUP_FOCUSES).default('general'),
  impairmentType: z.enum(IMPAIRMENT_TYPES).optional(),
  pmpkNumber: text(50).optional(),
  pmpkDate: isoDate().optional(),
  stayMode: z.enum(STAY_MODES).default('full'),
  language: text(50).default('русский'),
  acceptsAlternatives: z.boolean().default(false),
  transferFromId: uuid().optional(),
  right: rightClaim.optional(),
});
export type FileApplicationInput = z.infer<typeof fileApplicationSchema>;

export const changeStatusSchema = z.strictObject({
  status: z.enum(APPLICATION_STATUSES),
  reason: note(1000),
  version: z.number().int().min(1),
});

export const decideRightSchema = z.strictObject({
  decision: z.enum(['confirmed', 'rejected']),
  reason: note(1000).optional(),
});

export const applicationListQuery = z.strictObject({
  municipalityId: uuid().optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  organizationId: uuid().optional(),
  rightPending: z.enum(['true', 'false']).optional(),
  q: searchText(100).optional(),
  cursor: searchText(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const personRef = z.object({
  id: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: z.string(),
});

export const applicationRightSchema = z.object({
  id: z.string(),
  categoryCode: z.string(),
  categoryTitle: z.string(),
  right: z.enum(RIGHT_KINDS),
  documentTitle: z.string(),
  documentNumber: z.string().nullable(),
  documentIssuedOn: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  status: z.enum(['pending', 'confirmed', 'rejected']),
  decisionReason: z.string().nullable(),
});

export const applicationEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  reason: z.string(),
});

export const applicationSchema = z.object({
  id: z.string(),
  number: z.string(),
  registeredAt: z.string(),
  municipalityId: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  epguCode: z.number().int(),
  desiredOn: z.string(),
  child: personRef,
  applicant: personRef,
  preferences: z.array(z.object({ rank: z.number().int(), organizationId: z.string(), name: z.string() })),
  groupFocus: z.enum(GROUP_FOCUSES),
  impairmentType: z.enum(IMPAIRMENT_TYPES).nullable(),
  pmpkNumber: z.string().nullable(),
  pmpkDate: z.string().nullable(),
  stayMode: z.enum(STAY_MODES),
  language: z.string(),
  acceptsAlternatives: z.boolean(),
  transferFromId: z.string().nullable(),
  rights: z.array(applicationRightSchema),
  events: z.array(applicationEventSchema),
  version: z.number().int(),
});
export type ApplicationView = z.infer<typeof applicationSchema>;

export const applicationListItemSchema = z.object({
  id: z.string(),
  number: z.string(),
  registeredAt: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  desiredOn: z.string(),
  child: personRef,
  firstPreference: z.string().nullable(),
  right: z.enum(['out_of_turn', 'first', 'general']),
  rightPending: z.boolean(),
});
export const applicationListSchema = pageOf(applicationListItemSchema);

export const publicNumberParams = z.strictObject({
  number: z
    .string()
    .regex(/^\d{8}-\d{1,12}$/, 'Номер заявления — восемь цифр, дефис и номер, например 25701000-123'),
});

export const publicPositionSchema = z.object({
  number: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  epguCode: z.number().int(),
  registeredAt: z.string(),
  desiredOn: z.string(),
  referenceDate: z.string(),
  ageOnReferenceDate: z.number().int(),
  positions: z.array(
    z.object({
      organizationId: z.string(),
      name: z.string(),
      rank: z.number().int(),
      right: z.enum(['out_of_turn', 'first', 'sibling', 'general']),
      ahead: z.object({
        outOfTurn: z.number().int(),
        first: z.number().int(),
        sibling: z.number().int(),
        general: z.number().int(),
        total: z.number().int(),
      }),
    }),
  ),
  history: z.array(z.object({ at: z.string(), status: z.enum(APPLICATION_STATUSES), reason: z.string() })),
  /** The region's zone: the page shows the instants in it, as every screen does. */
  timeZone: z.string(),
});
