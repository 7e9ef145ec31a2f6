import { z } from 'zod';
import { uuid } from '../../../../common/schemas/primitives.ts';

export const publicMunicipalityQuery = z.strictObject({ municipalityId: uuid() });
export const publicKindergartenParams = z.strictObject({ id: uuid() });

/** Waiting applications of one age band (full years on the reference date), by the right that counts. */
export const bandDemandSchema = z.object({
  age: z.number().int(),
  outOfTurn: z.number().int(),
  first: z.number().int(),
  general: z.number().int(),
  total: z.number().int(),
  /** Of them, the ones that rank this kindergarten first (a kindergarten's queue only). */
  firstChoice: z.number().int().optional(),
});

export const publicGroupSchema = z.object({
  name: z.string(),
  ageFrom: z.number().int(),
  ageTo: z.number().int(),
  groupFocus: z.string(),
  stayMode: z.string().nullable(),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  held: z.number().int(),
  free: z.number().int(),
});

export const publicKindergartenSchema = z.object({
  id: z.string(),
  name: z.string(),
  fullName: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  academicYear: z.string().nullable(),
  groups: z.array(publicGroupSchema),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  free: z.number().int(),
  queue: z.array(bandDemandSchema),
});
export type PublicKindergarten = z.infer<typeof publicKindergartenSchema>;

export const publicMunicipalitySchema = z.object({
  id: z.string(),
  name: z.string(),
  referenceDate: z.string(),
  computedAt: z.string(),
  queue: z.array(bandDemandSchema),
  kindergartens: z.array(publicKindergartenSchema),
});

export const publicMunicipalityListSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), kindergartens: z.number().int() })),
});
