import { z } from 'zod';
import {
  cursorQuery,
  identifier,
  isoDate,
  searchText,
  text,
  uuid,
} from '../../../common/schemas/primitives.ts';

export const ABSENCE_REASONS = ['illness', 'valid', 'unexcused'] as const;
export const RESULT_KINDS = ['period', 'annual', 'final'] as const;
export const PERIOD_TYPES = ['quarter', 'trimester', 'half_year', 'module'] as const;
export const SCALES = ['five_point', 'ten_point', 'hundred_point', 'pass_fail'] as const;
/** The kinds of batch the intake log records. */
export const INTAKE_KINDS = ['attendance', 'results', 'achievements'] as const;
/** Level of the event: школьный, муниципальный, региональный, межрегиональный, всероссийский, международный. */
export const ACHIEVEMENT_LEVELS = [
  'school',
  'municipal',
  'regional',
  'interregional',
  'federal',
  'international',
] as const;
/** Олимпиада, конкурс, спортивное соревнование, творческое мероприятие, проект, иное. */
export const ACHIEVEMENT_KINDS = [
  'olympiad',
  'competition',
  'sport',
  'creative',
  'project',
  'other',
] as const;
/** Участник, призер, победитель. */
export const ACHIEVEMENT_RESULTS = ['participant', 'prize_winner', 'winner'] as const;

/** What every intake item carries: the source record's key and the learner it is about. */
const itemBase = {
  sourceSystem: text(100).describe('Система-источник: «sgo», «dnevnik.ru», «eljur», «bars»…'),
  sourceId: text(200).describe('Идентификатор записи в системе-источнике'),
  personId: uuid().optional().describe('Идентификатор обучающегося в реестре'),
  snils: identifier('snils').optional().describe('СНИЛС обучающегося, если идентификатор неизвестен'),
  organizationId: uuid()
    .optional()
    .describe('Организация; нужна, только если ключ привязан к нескольким, где учится обучающийся'),
};

const lessonAbsence = z.strictObject({
  lesson: z.number().int().min(1).max(20).describe('Номер урока в дне'),
  subject: text(200),
  reason: z.enum(ABSENCE_REASONS),
});

/**
 * One learner's day. A day is sent as present/absent, or as the lessons missed that day (with the
 * number of lessons scheduled, when the source knows it); see the folding rule in the README.
 */
export const attendanceItemSchema = z
  .strictObject({
    ...itemBase,
    date: isoDate(),
    status: z.enum(['present', 'absent']).optional(),
    reason: z.enum(ABSENCE_REASONS).optional().describe('Причина отсутствия в течение дня'),
    lessonsScheduled: z.number().int().min(1).max(20).optional(),
    lessonAbsences: z.array(lessonAbsence).max(20).optional(),
  })
  .refine((i) => i.personId !== undefined || i.snils !== undefined, {
    message: 'Укажите идентификатор обучающегося или его СНИЛС',
    path: ['personId'],
  })
  .meta({ id: 'AttendanceIntakeItem' });
export type AttendanceItem = z.infer<typeof attendanceItemSchema>;

/** Lower-case hex in 8-4-4-4-12; an id of no person then answers unknown_learner, as from the schema. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Printable single-line text that trimming would not change, within the bounds. */
const PLAIN = /^[^\p{Cc}\u2028\u2029\s](?:[^\p{Cc}\u2028\u2029]*[^\p{Cc}\u2028\u2029\s])?$/u;
const plain = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length <= max && PLAIN.test(v);
const ITEM_KEYS = new Set([
  'sourceSystem',
  'sourceId',
  'personId',
  'organizationId',
  'date',
  'status',
  'reason',
]);

/**
 * The common day — by person id, whole-day status, no lessons — checked by hand: the same rules as
 * attendanceItemSchema (lower-case uuids, a real calendar date, trimmed text), or null to let the
 * schema decide and explain.
 */
export function quickAttendanceItem(raw: unknown): AttendanceItem | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const o = raw as Record<string, unknown>;
  for (const k in o) if (!ITEM_KEYS.has(k)) return null;
  const { sourceSystem, sourceId, personId, organizationId, date, status, reason } = o;
  if (!plain(sourceSystem, 100) || !plain(sourceId, 200)) return null;
  if (typeof personId !== 'string' || !UUID.test(personId)) return null;
  if (organizationId !== undefined && (typeof organizationId !== 'string' || !UUID.test(organizationId)))
    return null;
  if (typeof date !== 'string' || !DATE.test(date)) return null;
  if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) return null;
  if (status !== 'present' && status !== 'absent') return null;
  if (reason !== undefined && reason !== 'illness' && reason !== 'valid' && reason !== 'unexcused')
    return null;
  return {
    sourceSystem,
    sourceId,
    personId,
    ...(organizationId !== undefined ? { organizationId: organizationId as string } : {}),
    date,
    status,
    ...(reason !== undefined ? { reason: reason as AttendanceItem['reason'] } : {}),
  };
}

/** A period, annual or final grade in one subject, on its grading scale. */
export const resultItemSchema = z
  .strictObject({
    ...itemBase,
    academicYear: z.string().regex(/^\d{4}\/\d{4}$/, 'Учебный год в виде 2025/2026'),
    kind: z.enum(RESULT_KINDS),
    periodType: z.enum(PERIOD_TYPES).optional(),
    periodNumber: z.number().int().min(1).max(6).optional(),
    subject: text(200),
    scale: z.enum(SCALES),
    grade: text(20).describe('5…2 (five_point), 10…1, 100…0, pass/fail'),
    gradedOn: isoDate().describe('Дата выставления отметки'),
  })
  .refine((i) => i.personId !== undefined || i.snils !== undefined, {
    message: 'Укажите идентификатор обучающегося или его СНИЛС',
    path: ['personId'],
  })
  .meta({ id: 'ResultIntakeItem' });
export type ResultItem = z.infer<typeof resultItemSchema>;

/** A score with at most two decimals, as numeric(8, 2) keeps it: nothing is rounded silently. */
const score = z
  .number()
  .min(0, 'Балл не может быть отрицательным')
  .max(100_000, 'Балл не более 100 000')
  .refine((v) => /^\d+(\.\d{1,2})?$/.test(String(v)), 'Балл — не более двух знаков после запятой');

/** A portfolio achievement: the event, its level and kind, the date and the learner's result. */
export const achievementItemSchema = z
  .strictObject({
    ...itemBase,
    title: text(500).describe('Название мероприятия: «Всероссийская олимпиада школьников по физике»'),
    level: z.enum(ACHIEVEMENT_LEVELS).describe('Уровень мероприятия; federal — всероссийский'),
    kind: z.enum(ACHIEVEMENT_KINDS).describe('Вид мероприятия'),
    date: isoDate().describe('Дата мероприятия (итогов); не в будущем и не раньше рождения'),
    result: z.enum(ACHIEVEMENT_RESULTS).describe('Участник, призер или победитель'),
    place: z.number().int().min(1).max(10_000).optional().describe('Занятое место'),
    score: score.optional().describe('Набранный балл'),
    subject: text(200).optional().describe('Предмет (для олимпиады)'),
  })
  .refine((i) => i.personId !== undefined || i.snils !== undefined, {
    message: 'Укажите идентификатор обучающегося или его СНИЛС',
    path: ['personId'],
  })
  .meta({ id: 'AchievementIntakeItem' });
export type AchievementItem = z.infer<typeof achievementItemSchema>;

/**
 * The envelope only: each item is checked on its own, so one malformed item is rejected with its
 * reason while the rest go in. The item schema is documented by the union's first member.
 */
const batchOf = (item: z.ZodType, what: string) =>
  z.strictObject({
    items: z
      .array(z.union([item, z.unknown()]))
      .min(1, 'Пакет пуст')
      .describe(`${what}; не более INTAKE_MAX_BATCH (10 000) элементов`),
  });

export const attendanceBatchSchema = batchOf(attendanceItemSchema, 'Дни посещаемости');
export const resultsBatchSchema = batchOf(resultItemSchema, 'Отметки за период, год, итоговые');
export const achievementsBatchSchema = batchOf(achievementItemSchema, 'Достижения (портфолио)');

const rejectSchema = z.object({
  index: z.number().int().describe('Номер элемента в пакете, с 0'),
  sourceId: z.string().nullable(),
  code: z.string(),
  message: z.string().describe('Причина по-русски'),
});

export const batchResultSchema = z.object({
  batchId: z.string(),
  received: z.number().int(),
  accepted: z.array(
    z.object({
      index: z.number().int(),
      sourceId: z.string(),
      outcome: z.enum(['inserted', 'updated', 'unchanged']),
    }),
  ),
  rejected: z.array(rejectSchema),
  counts: z.object({
    accepted: z.number().int(),
    rejected: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  }),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

export const intakeLogQuery = z.strictObject({
  organizationId: uuid().optional(),
  sourceSystem: searchText(100).optional(),
  kind: z.enum(INTAKE_KINDS).optional(),
  ...cursorQuery,
});
export type IntakeLogQuery = z.infer<typeof intakeLogQuery>;

export const intakeLogSchema = z.object({
  sources: z
    .array(
      z.object({
        organizationId: z.string(),
        organizationName: z.string(),
        sourceSystem: z.string(),
        kind: z.enum(INTAKE_KINDS),
        lastBatchId: z.string(),
        lastAt: z.string(),
        lastAccepted: z.number().int(),
        lastRejected: z.number().int(),
        totalAccepted: z.number().int(),
        totalRejected: z.number().int(),
      }),
    )
    .describe('По организации и системе-источнику: последний пакет и итоги'),
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(INTAKE_KINDS),
      receivedAt: z.string(),
      organizationIds: z.array(z.string()),
      items: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      inserted: z.number().int(),
      updated: z.number().int(),
      errors: z.array(rejectSchema).describe('Первые 100 отклоненных элементов'),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** A learner's achievement as GET /persons/{id}/achievements gives it. */
export const personAchievementSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    organizationName: z.string(),
    title: z.string(),
    level: z.enum(ACHIEVEMENT_LEVELS),
    kind: z.enum(ACHIEVEMENT_KINDS),
    date: z.string(),
    result: z.enum(ACHIEVEMENT_RESULTS),
    place: z.number().int().nullable(),
    score: z.number().nullable(),
    subject: z.string().nullable(),
    sourceSystem: z.string(),
    sourceId: z.string(),
    version: z.number().int(),
    receivedAt: z.string(),
  })
  .meta({ id: 'PersonAchievement' });
export type PersonAchievement = z.infer<typeof personAchievementSchema>;

export const personAchievementsSchema = z.object({
  items: z.array(personAchievementSchema).describe('Новые сначала (по дате мероприятия)'),
});
