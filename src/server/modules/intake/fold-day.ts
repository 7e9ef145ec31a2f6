import type { AttendanceItem } from './intake.schemas.ts';

type Reason = 'illness' | 'valid' | 'unexcused';
export type FoldedDay = {
  status: 'present' | 'absent';
  reason: Reason | null;
  lessonsScheduled: number | null;
  lessonsMissed: number;
  lessonsUnexcused: number;
  lessons: { lesson: number; subject: string; reason: Reason }[] | null;
};

/** Of several lesson reasons, the day takes the first present in this order (README, intake). */
const PRECEDENCE: Reason[] = ['unexcused', 'illness', 'valid'];
const dayReason = (reasons: Reason[]) => PRECEDENCE.find((r) => reasons.includes(r)) ?? 'unexcused';

/**
 * Folds an item into the learner's daily record:
 * - `status: 'absent'` is an absent day with its `reason` (or, without one, the reason its missed
 *   lessons fold to); its missed lessons are those listed, or all scheduled ones when none are listed;
 * - `status: 'present'` is a day at school; listed lesson absences count as missed lessons of a present
 *   day (85-К and the detection rules count the day once, and the lessons for the «> X % of lessons»
 *   rule); all scheduled lessons missed while «present» is contradictory and refused;
 * - no status: the day is folded from the lessons: absent when every scheduled lesson was missed
 *   (lessonsScheduled given), with the reason of highest precedence unexcused > illness > valid;
 *   otherwise present with those lessons missed.
 * Returns a reject code instead when the item contradicts itself.
 */
export function foldDay(item: AttendanceItem): FoldedDay | { code: string; message: string } {
  const lessons = item.lessonAbsences ?? [];
  const numbers = new Set(lessons.map((l) => l.lesson));
  if (numbers.size !== lessons.length)
    return { code: 'duplicate_lesson', message: 'Номер урока повторяется в дне' };
  const scheduled = item.lessonsScheduled ?? null;
  if (scheduled !== null && lessons.some((l) => l.lesson > scheduled))
    return { code: 'lesson_out_of_schedule', message: 'Номер урока больше числа уроков в дне' };
  const listed = lessons.map((l) => ({ lesson: l.lesson, subject: l.subject, reason: l.reason }));
  const unexcusedListed = lessons.filter((l) => l.reason === 'unexcused').length;
  const allMissed = scheduled !== null && lessons.length === scheduled;
  const status = item.status ?? (allMissed ? 'absent' : lessons.length > 0 ? 'present' : null);
  if (status === null)
    return {
      code: 'status_required',
      message: 'Укажите отметку дня (present/absent) или пропущенные уроки',
    };
  if (status === 'present') {
    if (item.reason)
      return { code: 'reason_on_present', message: 'Причина отсутствия указана для дня присутствия' };
    if (allMissed)
      return {
        code: 'inconsistent_day',
        message: 'Пропущены все уроки дня, а день отмечен как присутствие',
      };
    return {
      status,
      reason: null,
      lessonsScheduled: scheduled,
      lessonsMissed: lessons.length,
      lessonsUnexcused: unexcusedListed,
      lessons: listed.length > 0 ? listed : null,
    };
  }
  const reason = item.reason ?? (lessons.length > 0 ? dayReason(lessons.map((l) => l.reason)) : null);
  if (!reason) return { code: 'reason_required', message: 'Укажите причину отсутствия' };
  const missed = lessons.length > 0 ? lessons.length : (scheduled ?? 0);
  return {
    status,
    reason,
    lessonsScheduled: scheduled,
    lessonsMissed: missed,
    lessonsUnexcused: lessons.length > 0 ? unexcusedListed : reason === 'unexcused' ? missed : 0,
    lessons: listed.length > 0 ? listed : null,
  };
}
