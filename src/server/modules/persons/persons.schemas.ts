import { z } from 'zod';
import { cursorQuery, isoDate, searchText, uuid } from '../../../common/schemas/primitives.ts';

export const personIdParams = z.strictObject({ id: uuid() });
export const versionParams = z.strictObject({
  id: uuid(),
  version: z.coerce.number().int().min(1).max(1_000_000),
});
export const linkParams = z.strictObject({ id: uuid(), linkId: uuid() });

export const personSearchQuery = z.strictObject({
  q: searchText(200).optional(),
  snils: searchText(20)
    .transform((s) => s.replace(/[\s-]/g, ''))
    .optional(),
  document: searchText(30).optional(),
  birthDate: isoDate().optional(),
  /** Only persons with an enrollment (current or past) in this organization. */
  organizationId: uuid().optional(),
  /** Only learners (with an enrollment) or only representatives (with a link in force). */
  role: z.enum(['learner', 'representative']).optional(),
  ...cursorQuery,
});

export const enrollBodySchema = z.strictObject({ organizationId: uuid(), startedOn: isoDate() });

/** A representation link as a card shows it, with the linked person. */
export const representationLinkSchema = z.object({
  linkId: z.string(),
  relation: z.string(),
  authorityDocument: z.string().nullable().optional(),
  validFrom: z.string().nullable().optional(),
  validTo: z.string().nullable().optional(),
  person: z.object({
    id: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string(),
    snils: z.string().nullable(),
  }),
});

export const personCardSchema = z
  .object({
    id: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string(),
    birthPlace: z.string().nullable(),
    sex: z.enum(['male', 'female']),
    citizenship: z.object({ codes: z.array(z.string()), stateless: z.boolean() }),
    snils: z.string().nullable(),
    status: z.string(),
    mergedIntoId: z.string().nullable(),
    version: z.number(),
    documents: z.array(z.record(z.string(), z.unknown())),
    addresses: z.array(z.record(z.string(), z.unknown())),
    contacts: z.array(z.record(z.string(), z.unknown())),
    hardships: z.array(z.record(z.string(), z.unknown())),
    representatives: z.array(representationLinkSchema),
    represents: z.array(representationLinkSchema),
    enrollments: z.array(
      z.object({
        id: z.string(),
        organizationId: z.string(),
        organizationName: z.string(),
        startedOn: z.string(),
        endedOn: z.string().nullable(),
      }),
    ),
    resolvedFrom: z.string().optional(),
    /** 'archival': a former organization after the grace period sees identity and its own enrollments. */
    access: z.enum(['full', 'archival']).optional(),
    allowedActions: z.array(z.string()).optional(),
    candidates: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .passthrough();

export const personPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      lastName: z.string(),
      firstName: z.string(),
      middleName: z.string().nullable(),
      birthDate: z.string(),
      sex: z.string(),
      age: z.number(),
      organization: z.string().nullable(),
      roles: z.array(z.string()),
      score: z.number(),
    }),
  ),
  nextCursor: z.string().nullable(),
  /** How many persons match; on the first page only (null on later pages). */
  totalCount: z.number().nullable(),
});
