import { z } from 'zod';
import { text, uuid } from '../../../../common/schemas/primitives.ts';

const oktmo = z.string().regex(/^\d{8}(\d{3})?$/, 'Код ОКТМО — 8 или 11 цифр');

export const catchmentParams = z.strictObject({ id: uuid() });

const fields = {
  name: text(300),
  oktmo: z.array(oktmo).max(500),
  kindergartenIds: z.array(uuid()).max(500),
  /** The nearest catchments first: phase-2 offers go to them in this order. */
  neighbours: z.array(uuid()).max(100).default([]),
};

export const createCatchmentSchema = z.strictObject({ municipalityId: uuid(), ...fields });
export const updateCatchmentSchema = z.strictObject({ ...fields, version: z.number().int().min(1) });
export type CatchmentInput = z.infer<typeof updateCatchmentSchema> | z.infer<typeof createCatchmentSchema>;

export const catchmentListQuery = z.strictObject({ municipalityId: uuid() });
export const suggestQuery = z.strictObject({ municipalityId: uuid(), oktmo });

export const catchmentSchema = z.object({
  id: z.string(),
  municipalityId: z.string(),
  name: z.string(),
  oktmo: z.array(z.string()),
  kindergartens: z.array(z.object({ id: z.string(), name: z.string() })),
  neighbours: z.array(z.string()),
  version: z.number().int(),
});
export const catchmentListSchema = z.object({ items: z.array(catchmentSchema) });
export const suggestionSchema = z.object({
  catchment: z.object({ id: z.string(), name: z.string() }).nullable(),
  kindergartens: z.array(z.object({ id: z.string(), name: z.string() })),
});
