import { z } from 'zod';
import {
  DOCUMENT_KINDS,
  EDUCATION_FORMS,
  EMPLOYMENT_FORMS,
  EXIT_REASON_CODES,
  FUNDING,
  MASTERY,
  MOVEMENT_KINDS,
  ORDER_KINDS,
  PROMOTION_TYPES,
} from '../../../common/movement-dictionary.ts';
import { isoDate, note, text, uuid } from '../../../common/schemas/primitives.ts';

export const orderParams = z.strictObject({ id: uuid() });

const graduationDocument = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  series: text(20).optional(),
  number: text(30),
  regNumber: text(30).optional(),
  issuedOn: isoDate(),
  honours: z.boolean().default(false),
});

const employment = z.strictObject({
  form: z.enum(EMPLOYMENT_FORMS),
  employer: text(300).optional(),
  quotaJob: z.boolean().default(false),
});

/** One learner's line of an order. Which fields a kind needs is checked by the use case, with the line's path. */
export const movementInput = z.strictObject({
  kind: z.enum(MOVEMENT_KINDS),
  personId: uuid(),
  /** The enrollment the movement changes; absent for an enrollment or reinstatement, which create one. */
  enrollmentId: uuid().optional(),
  effectiveOn: isoDate(),
  programmeId: uuid().optional(),
  unitId: uuid().optional(),
  educationForm: z.enum(EDUCATION_FORMS).optional(),
  funding: z.enum(FUNDING).optional(),
  promotionType: z.enum(PROMOTION_TYPES).optional(),
  debtSubjects: z.array(text(100)).min(1).max(20).optional(),
  debtDeadline: isoDate().optional(),
  exitReason: z.enum(EXIT_REASON_CODES, { error: 'Неизвестная причина выбытия' }).optional(),
  destinationOrganizationId: uuid().optional(),
  document: graduationDocument.optional(),
  mastery: z.enum(MASTERY).optional(),
  employment: employment.optional(),
  leaveUntil: isoDate().optional(),
  /** The sending organization's transfer this enrollment completes (the receiving side's inbox). */
  arrivalOf: uuid().optional(),
  /** Placing above the unit's capacity needs a stated reason. */
  capacityReason: note(500).optional(),
  note: note(1000).optional(),
});
export type MovementInput = z.infer<typeof movementInput>;

const orderFields = {
  number: text(50),
  orderDate: isoDate(),
  signerName: text(200).optional(),
  signerPosition: text(200).optional(),
  basis: note(1000).optional(),
  movements: z.array(movementInput).max(2000, 'Не более 2000 строк в одном приказе'),
};

export const createOrderSchema = z.strictObject({
  organizationId: uuid(),
  kind: z.enum(ORDER_KINDS),
  ...orderFields,
});
export type CreateOrderInput = z.infer<typeof createOrderSchema>;

export const updateOrderSchema = z.strictObject({ version: z.number().int().min(1), ...orderFields });
export type UpdateOrderInput = z.infer<typeof updateOrderSchema>;

export const signOrderSchema = z.strictObject({ version: z.number().int().min(1) });

export const cancelOrderSchema = z.strictObject({
  number: text(50),
  orderDate: isoDate(),
  signerName: text(200).optional(),
  signerPosition: text(200).optional(),
  basis: note(1000),
});
export type CancelOrderInput = z.infer<typeof cancelOrderSchema>;

export const orderListQuery = z.strictObject({
  organizationId: uuid(),
  state: z.enum(['draft', 'signed', 'cancelled']).optional(),
  kind: z.enum([...ORDER_KINDS, 'cancellation']).optional(),
  from: isoDate().optional(),
  to: isoDate().optional(),
});

const personRef = z.object({
  id: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: z.string(),
});

export const movementSchema = z.object({
  id: z.string(),
  position: z.number(),
  kind: z.enum(MOVEMENT_KINDS),
  person: personRef,
  enrollmentId: z.string().nullable(),
  effectiveOn: z.string(),
  programme: z.object({ id: z.string(), name: z.string() }).nullable(),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  educationForm: z.string().nullable(),
  funding: z.string().nullable(),
  promotionType: z.string().nullable(),
  debtSubjects: z.array(z.string()).nullable(),
  debtDeadline: z.string().nullable(),
  exitReason: z.string().nullable(),
  destination: z.object({ id: z.string(), name: z.string() }).nullable(),
  document: z
    .object({
      kind: z.string().nullable(),
      series: z.string().nullable(),
      number: z.string().nullable(),
      regNumber: z.string().nullable(),
      issuedOn: z.string().nullable(),
      honours: z.boolean().nullable(),
    })
    .nullable(),
  mastery: z.string().nullable(),
  employment: z
    .object({
      form: z.string().nullable(),
      employer: z.string().nullable(),
      quotaJob: z.boolean().nullable(),
    })
    .nullable(),
  leaveUntil: z.string().nullable(),
  arrivalOf: z.string().nullable(),
  note: z.string().nullable(),
  enteredAt: z.string(),
  /** Entered into the registry more than one working day after the order's date. */
  late: z.boolean(),
});

export const orderSchema = z.object({
  id: z.string(),
  organization: z.object({ id: z.string(), name: z.string(), fullName: z.string() }),
  number: z.string(),
  orderDate: z.string(),
  kind: z.enum([...ORDER_KINDS, 'cancellation']),
  state: z.enum(['draft', 'signed', 'cancelled']),
  version: z.number(),
  signerName: z.string().nullable(),
  signerPosition: z.string().nullable(),
  basis: z.string().nullable(),
  signedAt: z.string().nullable(),
  cancelsOrder: z.object({ id: z.string(), number: z.string(), orderDate: z.string() }).nullable(),
  cancelledBy: z.object({ id: z.string(), number: z.string(), orderDate: z.string() }).nullable(),
  createdAt: z.string(),
  movements: z.array(movementSchema),
});
export type OrderView = z.infer<typeof orderSchema>;

export const orderListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      orderDate: z.string(),
      kind: z.enum([...ORDER_KINDS, 'cancellation']),
      state: z.enum(['draft', 'signed', 'cancelled']),
      movementCount: z.number(),
      lateCount: z.number(),
      signedAt: z.string().nullable(),
    }),
  ),
});
