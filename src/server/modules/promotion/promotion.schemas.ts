import { z } from 'zod';
import { isoDate, note, text, uuid } from '../../../common/schemas/primitives.ts';

export const PROMOTION_OUTCOMES = [
  'normal',
  'conditional',
  'repeat',
  'adapted',
  'individual_plan',
  'graduation',
  'exclude',
] as const;
export type PromotionOutcome = (typeof PROMOTION_OUTCOMES)[number];

const scopeFields = {
  /** One school, or every school of a territory (municipality or region). */
  organizationId: uuid().optional(),
  territoryId: uuid().optional(),
  fromYearId: uuid(),
  toYearId: uuid(),
};
const oneScope = (v: { organizationId?: string; territoryId?: string }) =>
  (v.organizationId === undefined) !== (v.territoryId === undefined);
const scopeMessage = { message: 'Укажите либо организацию, либо территорию', path: ['organizationId'] };

export const previewSchema = z.strictObject(scopeFields).refine(oneScope, scopeMessage);

export const adjustmentSchema = z.strictObject({
  enrollmentId: uuid(),
  outcome: z.enum(PROMOTION_OUTCOMES),
  unitId: uuid().optional(),
  debtSubjects: z.array(text(100)).min(1).max(20).optional(),
  debtDeadline: isoDate().optional(),
});
export type Adjustment = z.infer<typeof adjustmentSchema>;

export const runSchema = z
  .strictObject({
    ...scopeFields,
    effectiveOn: isoDate(),
    orderDate: isoDate(),
    number: text(50),
    graduationNumber: text(50),
    signerName: text(200).optional(),
    signerPosition: text(200).optional(),
    undoDeadline: isoDate(),
    adjustments: z.array(adjustmentSchema).max(5000).default([]),
  })
  .refine(oneScope, scopeMessage);
export type RunInput = z.infer<typeof runSchema>;

export const undoSchema = z.strictObject({ number: text(50), orderDate: isoDate(), basis: note(1000) });

export const runParams = z.strictObject({ id: uuid() });

export const previewResultSchema = z.object({
  schools: z.array(
    z.object({
      organizationId: z.string(),
      name: z.string(),
      promote: z.number(),
      graduate: z.number(),
      classes: z.array(
        z.object({
          unitId: z.string(),
          name: z.string(),
          grade: z.number(),
          /** Next year's class the learners go to; created by the run when it does not exist yet. */
          target: z.object({ name: z.string(), unitId: z.string().nullable() }).nullable(),
          learners: z.array(
            z.object({
              enrollmentId: z.string(),
              personId: z.string(),
              fullName: z.string(),
              status: z.string(),
              outcome: z.enum(PROMOTION_OUTCOMES),
            }),
          ),
        }),
      ),
    }),
  ),
});

export const runResultSchema = z.object({
  id: z.string(),
  effectiveOn: z.string(),
  undoDeadline: z.string(),
  promoted: z.number(),
  graduated: z.number(),
  undoneAt: z.string().nullable(),
  orders: z.array(
    z.object({
      id: z.string(),
      organizationId: z.string(),
      number: z.string(),
      kind: z.string(),
      state: z.string(),
    }),
  ),
});

export const runListQuery = z.strictObject({ organizationId: uuid().optional() });
export const runListSchema = z.object({ items: z.array(runResultSchema) });
