import { z } from 'zod';
import { healthViewSchema } from '../../../common/schemas/health.ts';
import { orderSchema } from '../orders/orders.schemas.ts';
import { personCardSchema } from '../persons/persons.schemas.ts';

/** Rows served per page at most; a consumer catching up asks again with the cursor it got. */
export const CHANGES_MAX_LIMIT = 1000;
const MAX_BIGINT = 9223372036854775807n;

/** A position in the feed: "0" (the beginning) or "<transaction>.<row>", both decimal. */
export const CURSOR_PATTERN = /^(0|[1-9][0-9]{0,18}\.[1-9][0-9]{0,18})$/;
export type FeedPosition = { xid: string; id: string };

export function parsePosition(cursor: string): FeedPosition {
  if (cursor === '0') return { xid: '0', id: '0' };
  const [xid, id] = cursor.split('.') as [string, string];
  return { xid, id };
}

const cursor = z
  .string()
  .regex(CURSOR_PATTERN, 'Курсор ленты изменений: «0» или значение nextCursor из предыдущего ответа')
  .refine(
    (c) => !CURSOR_PATTERN.test(c) || c.split('.').every((part) => BigInt(part) <= MAX_BIGINT),
    'Курсор ленты изменений вне допустимого диапазона',
  );

export const changesQuery = z.strictObject({
  since: cursor.default('0'),
  limit: z.coerce.number().int().min(1).max(CHANGES_MAX_LIMIT).default(100),
});

export const ENTITY_TYPES = [
  'person',
  'personHealth',
  'enrollment',
  'order',
  'attendance',
  'result',
  'achievement',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

const span = { from: z.string(), to: z.string().nullable() };

/** An enrollment with its dated statuses and placements; programmes and units by id (reference data). */
export const feedEnrollmentSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    organizationId: z.string(),
    programmeId: z.string().nullable(),
    level: z.string().nullable(),
    educationForm: z.string().nullable(),
    funding: z.string().nullable(),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    version: z.number(),
    periods: z.array(
      z.object({ id: z.string(), status: z.string(), movementId: z.string().nullable(), ...span }),
    ),
    placements: z.array(
      z.object({ id: z.string(), unitId: z.string(), movementId: z.string().nullable(), ...span }),
    ),
  })
  .meta({ id: 'FeedEnrollment' });
export type FeedEnrollment = z.infer<typeof feedEnrollmentSchema>;

/** A learner's day as the e-journal sent it; an absence for illness reads as «valid» without the health permission. */
export const feedAttendanceSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    organizationId: z.string(),
    date: z.string(),
    status: z.enum(['present', 'absent']),
    reason: z.enum(['illness', 'valid', 'unexcused']).nullable(),
    lessonsScheduled: z.number().nullable(),
    lessonsMissed: z.number(),
    lessonsUnexcused: z.number(),
    sourceSystem: z.string(),
    sourceId: z.string(),
    version: z.number(),
  })
  .meta({ id: 'FeedAttendance' });
export type FeedAttendance = z.infer<typeof feedAttendanceSchema>;

/** A period, annual or final mark as the e-journal sent it. */
export const feedResultSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    organizationId: z.string(),
    academicYear: z.string(),
    kind: z.enum(['period', 'annual', 'final']),
    periodType: z.string().nullable(),
    periodNumber: z.number().nullable(),
    subject: z.string(),
    scale: z.string(),
    grade: z.string(),
    gradedOn: z.string(),
    sourceSystem: z.string(),
    sourceId: z.string(),
    version: z.number(),
  })
  .meta({ id: 'FeedResult' });
export type FeedResult = z.infer<typeof feedResultSchema>;

/** A portfolio achievement as the organization's system sent it. */
export const feedAchievementSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    organizationId: z.string(),
    title: z.string(),
    level: z.string(),
    kind: z.string(),
    date: z.string(),
    result: z.string(),
    place: z.number().nullable(),
    score: z.number().nullable(),
    subject: z.string().nullable(),
    sourceSystem: z.string(),
    sourceId: z.string(),
    version: z.number(),
  })
  .meta({ id: 'FeedAchievement' });
export type FeedAchievement = z.infer<typeof feedAchievementSchema>;

export const changeItemSchema = z
  .object({
    /** This change's position: resuming from it serves what follows. */
    position: z.string(),
    entityType: z.enum(ENTITY_TYPES),
    id: z.string(),
    op: z.enum(['upsert', 'delete']),
    /** For a tombstone: why the record is gone for this reader. */
    reason: z.enum(['deleted', 'destroyed', 'merged', 'out_of_scope']).optional(),
    /** For a merged person: the record it now lives on. */
    mergedInto: z.string().optional(),
    person: personCardSchema.optional(),
    personHealth: healthViewSchema.optional(),
    enrollment: feedEnrollmentSchema.optional(),
    order: orderSchema.optional(),
    attendance: feedAttendanceSchema.optional(),
    result: feedResultSchema.optional(),
    achievement: feedAchievementSchema.optional(),
  })
  .meta({ id: 'ChangeItem' });
export type ChangeItem = z.infer<typeof changeItemSchema>;

export const changePageSchema = z
  .object({
    items: z.array(changeItemSchema),
    /** Where to resume: pass it as `since`. Past every change served so far, never past one not yet final. */
    nextCursor: z.string(),
    /** More final changes wait beyond nextCursor: ask again at once. */
    hasMore: z.boolean(),
  })
  .meta({ id: 'ChangePage' });
export type ChangePage = z.infer<typeof changePageSchema>;
