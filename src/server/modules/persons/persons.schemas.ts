import { z } from 'zod';
import {
  ADDRESS_KINDS,
  CONTACT_KINDS,
  DOCUMENT_TYPES,
  RELATIONS,
  SEXES,
} from '../../../common/person-dictionary.ts';
import { cursorQuery, isoDate, searchText, uuid } from '../../../common/schemas/primitives.ts';
import { historySchema } from '../../platform/history.ts';

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
  /** Only persons with an enrollment (current or past) in this organization, and the representatives of such learners. */
  organizationId: uuid().optional(),
  /** Only learners (with an enrollment) or only representatives (with a link in force). */
  role: z.enum(['learner', 'representative']).optional(),
  ...cursorQuery,
});

export const enrollBodySchema = z.strictObject({ organizationId: uuid(), startedOn: isoDate() });

const nullableText = () => z.string().nullable();

/** A representation link as a card shows it, with the linked person. */
export const representationLinkSchema = z
  .object({
    linkId: z.string(),
    relation: z.enum(RELATIONS),
    authorityDocument: nullableText().optional(),
    validFrom: nullableText().optional(),
    validTo: nullableText().optional(),
    person: z.object({
      id: z.string(),
      lastName: z.string(),
      firstName: z.string(),
      middleName: nullableText(),
      birthDate: z.string(),
      snils: nullableText(),
    }),
  })
  .meta({ id: 'RepresentationLink' });

/**
 * A near-duplicate. Within the caller's scope the record itself; outside it only a match token (to send
 * an access request or to say it is another person), never who it is.
 */
export const duplicateCandidateSchema = z
  .discriminatedUnion('inScope', [
    z.object({
      inScope: z.literal(true),
      id: z.string(),
      score: z.number(),
      displayName: z.string(),
      birthDate: z.string(),
      organization: nullableText(),
    }),
    z.object({ inScope: z.literal(false), matchToken: z.string() }),
  ])
  .meta({ id: 'DuplicateCandidate' });

export const PERSON_ACTIONS = ['update', 'health', 'consent', 'merge', 'destroy'] as const;

/**
 * The person card: the one definition of its shape. The person_cards read model (migrations 0007+)
 * builds it in SQL, the routes answer it through this schema, and the web reads its type from the
 * generated client.
 */
export const personCardSchema = z
  .object({
    id: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: nullableText(),
    birthDate: z.string(),
    birthPlace: nullableText(),
    sex: z.enum(SEXES),
    citizenship: z.object({ codes: z.array(z.string()), stateless: z.boolean() }),
    snils: nullableText(),
    status: z.enum(['active', 'merged', 'destroyed']),
    mergedIntoId: nullableText(),
    version: z.number(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    documents: z.array(
      z.object({
        id: z.string(),
        type: z.enum(DOCUMENT_TYPES),
        series: nullableText(),
        number: z.string(),
        issuedOn: nullableText(),
        issuer: nullableText(),
        issuerCode: nullableText(),
        actRecordNumber: nullableText(),
        validUntil: nullableText(),
      }),
    ),
    addresses: z.array(
      z.object({
        kind: z.enum(ADDRESS_KINDS),
        text: z.string(),
        garGuid: nullableText(),
        oktmo: nullableText(),
        validFrom: nullableText(),
        validTo: nullableText(),
      }),
    ),
    contacts: z.array(z.object({ kind: z.enum(CONTACT_KINDS), value: z.string(), note: nullableText() })),
    hardships: z.array(
      z.object({
        category: z.string(),
        startedOn: z.string(),
        endedOn: nullableText(),
        note: nullableText(),
      }),
    ),
    representatives: z.array(representationLinkSchema),
    represents: z.array(representationLinkSchema),
    enrollments: z.array(
      z.object({
        id: z.string(),
        organizationId: z.string(),
        organizationName: z.string(),
        startedOn: z.string(),
        endedOn: nullableText(),
      }),
    ),
    resolvedFrom: z.string().optional(),
    /** 'archival': a former organization after the grace period sees identity and its own enrollments. */
    access: z.enum(['full', 'archival']).optional(),
    allowedActions: z.array(z.enum(PERSON_ACTIONS)).optional(),
    candidates: z.array(duplicateCandidateSchema).optional(),
  })
  .meta({ id: 'PersonCard' });

export const personPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      lastName: z.string(),
      firstName: z.string(),
      middleName: z.string().nullable(),
      birthDate: z.string(),
      sex: z.enum(SEXES),
      age: z.number(),
      organization: z.string().nullable(),
      /** The municipality of that organization. */
      organizationTerritory: z.string().nullable(),
      roles: z.array(z.enum(['learner', 'representative'])),
      score: z.number(),
    }),
  ),
  nextCursor: z.string().nullable(),
  /** How many persons match; on the first page only (null on later pages). */
  totalCount: z.number().nullable(),
});

/** One past version of a person record, as the actor may see it. */
export const personSnapshotSchema = z.object({
  version: z.number(),
  at: z.string(),
  snapshot: z.record(z.string(), z.unknown()),
});

/** A person's versions with the short names of the people they point at, as far as the reader sees them. */
export const personHistorySchema = historySchema
  .extend({
    names: z
      .record(z.string(), z.string())
      .describe('«Иванова А. П.» по id представителя или объединённой записи; только в области доступа'),
  })
  .meta({ id: 'PersonHistory' });
