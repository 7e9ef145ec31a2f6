import { z } from 'zod';
import { cursorQuery, note, uuid } from '../../../common/schemas/primitives.ts';
import { personCardSchema } from '../persons/persons.schemas.ts';

export const runIdParams = z.strictObject({ id: uuid() });
export const mergeIdParams = z.strictObject({ mergeId: uuid() });

export const runSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  minScore: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  pairs: z.number().nullable(),
  startedBy: z.string().nullable(),
  /** The background job computing it; null for a run made outside the queue. */
  jobId: z.string().nullable(),
});

export const pairsQuery = z.strictObject({
  runId: uuid().optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  ...cursorQuery,
});

const pairPerson = z.object({
  id: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  /** Short name of the current (else the latest) organization with its municipality in brackets. */
  organization: z.string().nullable(),
  /** Identifiers that tell two records apart; null when the viewer may not see personal data. */
  snils: z.string().nullable(),
  /** The main document, the latest valid one: type code, series, number. */
  document: z.object({ type: z.string(), series: z.string().nullable(), number: z.string() }).nullable(),
});

export const pairsPageSchema = z.object({
  run: runSchema.nullable(),
  items: z.array(z.object({ a: pairPerson, b: pairPerson, score: z.number() })),
  nextCursor: z.string().nullable(),
  totalCount: z.number().int(),
});

export const distinctBody = z
  .strictObject({ personA: uuid(), personB: uuid(), reason: note(500, 5) })
  .refine((b) => b.personA !== b.personB, {
    message: 'Укажите две разные записи',
    path: ['personB'],
  });

export const mergeBody = z.strictObject({
  mergedId: uuid(),
  reason: note(500, 5),
  version: z.number().int().min(1),
  mergedVersion: z.number().int().min(1),
  /**
   * When both records are enrolled, in different organizations of one kind (two schools), the
   * enrollments of that kind that stay: one per kind; the others end on the day of the merge.
   */
  keepEnrollmentIds: z.array(uuid()).max(20).optional(),
});

const counts = z.record(z.string(), z.record(z.string(), z.number()));

export const mergeViewSchema = z.object({
  id: z.string(),
  survivorId: z.string(),
  mergedId: z.string(),
  reason: z.string().nullable(),
  mergedAt: z.string(),
  mergedBy: z.string().nullable(),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
  moved: counts,
  /**
   * In the list of a record's merges: whether undo would be accepted as far as the records go (the
   * latest merge, not undone, the survivor unchanged since); rows changed since are found on undo.
   */
  undoable: z.boolean().optional(),
});

export const mergeResultSchema = z.object({ merge: mergeViewSchema, person: personCardSchema });
export const mergeListSchema = z.object({ items: z.array(mergeViewSchema) });
