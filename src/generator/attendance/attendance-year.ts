import { createRandom, dayNumber, isoFromDay, type Random } from '../random.ts';

/** A learner of the generated region as the e-journals know them: where, and at which level. */
export type YearLearner = {
  personId: string;
  organizationId: string;
  kind: 'school' | 'preschool';
  /** School grade 1–11; ignored for a kindergarten. */
  grade?: number;
};

export type AttendanceRow = {
  personId: string;
  organizationId: string;
  date: string;
  status: 'present' | 'absent';
  reason: 'illness' | 'valid' | 'unexcused' | null;
  lessonsScheduled: number | null;
  lessonsMissed: number;
  lessonsUnexcused: number;
};

/**
 * The detection thresholds the year is built around: a child who attends normally never reaches them,
 * a planted one always does (ст. 14 120-ФЗ; domain-ru.md §7.4).
 */
export type DetectionThresholds = {
  /** School days in a row absent without a valid reason that make «прекратил посещение». */
  consecutiveDays: number;
  /** Share of a month's school days missed without a valid reason, above which a month is flagged. */
  monthShare: number;
  /** Kindergarten days in a row absent without a reason. */
  preschoolDays: number;
};

export type YearShape = {
  /** 1 September of the school year. */
  start: string;
  /** The last day generated (inclusive): a year so far, or the whole year to 31 May. */
  until: string;
  thresholds: DetectionThresholds;
  /** Shares of learners planted as stopping to attend, and as missing too much of one month. */
  stopShare: number;
  truantMonthShare: number;
};

export type PlantedCase = {
  personId: string;
  organizationId: string;
  kind: 'stopped_attending' | 'preschool_absent';
  /** consecutive: absent without reason from `from` on; month: more than the share of `from`'s month. */
  rule: 'consecutive' | 'month';
  from: string;
};

/** School holidays of a typical Russian year (autumn, winter, spring), as offsets from 1 September. */
function holidays(start: string): Set<number> {
  const y = Number(start.slice(0, 4));
  const spans: [string, string][] = [
    [`${y}-10-27`, `${y}-11-04`],
    [`${y}-12-29`, `${y + 1}-01-11`],
    [`${y + 1}-03-23`, `${y + 1}-03-31`],
  ];
  const out = new Set<number>();
  for (const [a, b] of spans) for (let d = dayNumber(a); d <= dayNumber(b); d++) out.add(d);
  return out;
}

/** The days a learner of this kind is expected: weekdays, and for a school not in the holidays. */
export function schoolDays(shape: YearShape, kind: YearLearner['kind']): number[] {
  const off = kind === 'school' ? holidays(shape.start) : new Set<number>();
  const days: number[] = [];
  for (let d = dayNumber(shape.start); d <= dayNumber(shape.until); d++) {
    // 1970-01-01 was a Thursday: day 0 → weekday 3 counting Monday as 0.
    const weekday = (d + 3) % 7;
    if (weekday < 5 && !off.has(d)) days.push(d);
  }
  return days;
}

const monthOf = (d: number) => isoFromDay(d).slice(0, 7);

/** Which learners are planted, and how: decided from the seed alone, whatever order the learners come in. */
export function plantCases(seed: string, learners: YearLearner[], shape: YearShape): PlantedCase[] {
  const out: PlantedCase[] = [];
  for (const l of learners) {
    const rnd = createRandom(`${seed}:plant:${l.personId}`);
    const draw = rnd.next();
    const days = schoolDays(shape, l.kind);
    const kind = l.kind === 'school' ? 'stopped_attending' : 'preschool_absent';
    const need = l.kind === 'school' ? shape.thresholds.consecutiveDays : shape.thresholds.preschoolDays;
    if (draw < shape.stopShare) {
      // A stop late enough to have had a normal autumn, early enough to run past the threshold.
      const last = days.length - need - 1;
      if (last < 20) continue;
      const at = days[rnd.int(Math.min(20, last), last)]!;
      out.push({
        personId: l.personId,
        organizationId: l.organizationId,
        kind,
        rule: 'consecutive',
        from: isoFromDay(at),
      });
    } else if (l.kind === 'school' && draw < shape.stopShare + shape.truantMonthShare) {
      const months = [...new Set(days.map(monthOf))].filter(
        (m) => days.filter((d) => monthOf(d) === m).length >= 15,
      );
      if (months.length === 0) continue;
      out.push({
        personId: l.personId,
        organizationId: l.organizationId,
        kind,
        rule: 'month',
        from: `${rnd.pick(months)}-01`,
      });
    }
  }
  return out;
}

/**
 * One learner's year, day by day. Normal absences: illness in spells of 2–7 days (twice as often from
 * November to March), single days for a valid reason, and now and then a day without one — never as
 * many in a row, nor as large a share of a month, as the thresholds. A planted learner stops coming (every
 * day from the stop on is absent without a reason) or skips too much of one month, on alternate days so
 * that only the monthly rule can find it.
 */
export function learnerYear(
  seed: string,
  l: YearLearner,
  shape: YearShape,
  planted: PlantedCase | undefined,
): AttendanceRow[] {
  const rnd: Random = createRandom(`${seed}:days:${l.personId}`);
  const days = schoolDays(shape, l.kind);
  const school = l.kind === 'school';
  const maxRun = (school ? shape.thresholds.consecutiveDays : shape.thresholds.preschoolDays) - 1;
  const truancy = school ? 0.002 + (l.grade ?? 1) * 0.0007 : 0.004;
  const rows: AttendanceRow[] = [];
  const unexcusedInMonth = new Map<string, number>();
  const daysInMonth = new Map<string, number>();
  for (const d of days) daysInMonth.set(monthOf(d), (daysInMonth.get(monthOf(d)) ?? 0) + 1);
  const stopAt = planted?.rule === 'consecutive' ? dayNumber(planted.from) : Number.POSITIVE_INFINITY;
  const truantMonth = planted?.rule === 'month' ? planted.from.slice(0, 7) : null;
  let ill = 0;
  let run = 0;
  let alternate = false;
  for (const d of days) {
    const month = monthOf(d);
    const winter = /-(11|12|01|02|03)$/.test(month);
    let reason: AttendanceRow['reason'] = null;
    if (d >= stopAt) reason = 'unexcused';
    else if (month === truantMonth) {
      alternate = !alternate;
      reason = alternate ? 'unexcused' : null;
    } else if (ill > 0) {
      reason = 'illness';
      ill--;
    } else if (rnd.chance(winter ? 0.02 : 0.01)) {
      ill = rnd.int(1, school ? 6 : 9);
      reason = 'illness';
    } else if (rnd.chance(0.008)) reason = 'valid';
    else if (rnd.chance(truancy)) reason = 'unexcused';
    // A normal learner stays under the thresholds: a day that would reach one is a day present.
    if (reason === 'unexcused' && d < stopAt && month !== truantMonth) {
      const share = ((unexcusedInMonth.get(month) ?? 0) + 1) / daysInMonth.get(month)!;
      if (run + 1 > maxRun || share > shape.thresholds.monthShare / 2) reason = null;
    }
    run = reason === 'unexcused' ? run + 1 : 0;
    if (reason === 'unexcused') unexcusedInMonth.set(month, (unexcusedInMonth.get(month) ?? 0) + 1);
    const lessons = school ? 5 + ((d + (l.grade ?? 1)) % 3) : null;
    rows.push({
      personId: l.personId,
      organizationId: l.organizationId,
      date: isoFromDay(d),
      status: reason ? 'absent' : 'present',
      reason,
      lessonsScheduled: lessons,
      lessonsMissed: reason && lessons ? lessons : 0,
      lessonsUnexcused: reason === 'unexcused' && lessons ? lessons : 0,
    });
  }
  return rows;
}

/** Subjects with quarter marks, by level; a learner's marks lean on a stable ability of their own. */
const SUBJECTS = {
  primary: ['Русский язык', 'Литературное чтение', 'Математика', 'Окружающий мир', 'Английский язык'],
  basic: ['Русский язык', 'Литература', 'Математика', 'История', 'Биология', 'Английский язык'],
  upper: [
    'Русский язык',
    'Литература',
    'Алгебра',
    'Геометрия',
    'История',
    'Физика',
    'Химия',
    'Английский язык',
  ],
};

export type MarkRow = {
  personId: string;
  organizationId: string;
  subject: string;
  periodNumber: number;
  grade: string;
  gradedOn: string;
};

/** Quarter marks of the quarters over by `until` (first-graders get none: they are not marked). */
export function learnerMarks(seed: string, l: YearLearner, shape: YearShape): MarkRow[] {
  if (l.kind !== 'school' || (l.grade ?? 1) < 2) return [];
  const rnd = createRandom(`${seed}:marks:${l.personId}`);
  const y = Number(shape.start.slice(0, 4));
  const quarterEnds = [`${y}-10-24`, `${y}-12-26`, `${y + 1}-03-20`, `${y + 1}-05-26`].filter(
    (d) => d <= shape.until,
  );
  const subjects =
    (l.grade ?? 1) <= 4 ? SUBJECTS.primary : (l.grade ?? 1) <= 9 ? SUBJECTS.basic : SUBJECTS.upper;
  const ability = 3 + rnd.next() * 2;
  const rows: MarkRow[] = [];
  quarterEnds.forEach((gradedOn, q) => {
    for (const subject of subjects) {
      const mark = Math.max(2, Math.min(5, Math.round(ability + (rnd.next() - 0.5) * 1.4)));
      rows.push({
        personId: l.personId,
        organizationId: l.organizationId,
        subject,
        periodNumber: q + 1,
        grade: String(mark),
        gradedOn,
      });
    }
  });
  return rows;
}
