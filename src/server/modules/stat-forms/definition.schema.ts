import { z } from 'zod';
import { GROUP_FOCUSES, IMPAIRMENT_TYPES, STAY_MODES } from '../../../common/education-dictionary.ts';

/**
 * The format of a statistical form's definition file (JSON). A form is data: its edition and the order
 * that approved it, sections of rows × columns, and for each cell the rule that counts it — the row's
 * criteria AND the column's criteria over the section's population. The vocabulary below is closed:
 * every filter names a known field with values from its domain, so a definition never carries SQL.
 */

/** An ОКСО code of a profession or specialty: 09.02.07. */
export const OKSO = /^\d{2}\.\d{2}\.\d{2}$/;

const values = <F extends string, T extends readonly [string, ...string[]]>(field: F, domain: T) =>
  z.strictObject({ field: z.literal(field), in: z.array(z.enum(domain)).min(1) });

const numbers = <F extends string>(field: F, min: number, max: number) =>
  z.strictObject({ field: z.literal(field), in: z.array(z.number().int().min(min).max(max)).min(1) });

/** One condition on a counted enrollment: its organization, its learner, its programme, its unit. */
export const filterSchema = z.discriminatedUnion('field', [
  values('organization.kind', ['preschool', 'school', 'additional', 'vocational']),
  values('person.sex', ['male', 'female']),
  /** russian — only РФ; foreign — other citizenship(s) only; dual — РФ and another; stateless — без гражданства. */
  values('person.citizenship', ['russian', 'foreign', 'dual', 'stateless']),
  values('programme.level', ['preschool', 'noo', 'ooo', 'soo', 'spo', 'additional']),
  z.strictObject({ field: z.literal('programme.adapted'), equals: z.boolean() }),
  values('unit.kind', ['group', 'class', 'association', 'study_group']),
  values('unit.groupFocus', GROUP_FOCUSES),
  values('unit.stayMode', STAY_MODES),
  values('unit.classType', [
    'general',
    'advanced',
    'profile',
    'gymnasium',
    'lyceum',
    'intellectual_disability',
  ]),
  /** Grade 0 is the «1 дополнительный» class of an adapted programme for intellectual disabilities. */
  numbers('unit.grade', 0, 12),
  /** The class's language of teaching: russian, other (a language of the peoples of Russia), unspecified. */
  values('unit.teachingLanguage', ['russian', 'other', 'unspecified']),
  numbers('unit.shift', 1, 3),
  /** Направленность of an additional programme (ДООП). */
  values('programme.focus', [
    'technical',
    'natural_science',
    'physical_sports',
    'arts',
    'tourism_local_history',
    'social_humanitarian',
  ]),
  /** СПО: ППКРС (skilled_worker) or ППССЗ (specialist). */
  values('programme.spoType', ['skilled_worker', 'specialist']),
  /** СПО: admitted on the base of 9 classes (основное общее) or of 11 (среднее общее). */
  numbers('programme.baseGrade', 9, 11),
  /**
   * The programme's normative duration in full years (its months / 12, rounded): ОО-1 2.1.3 counts the
   * classes for intellectual disabilities by the 9 to 13 years of their adapted programme.
   */
  numbers('programme.normativeYears', 1, 15),
  /** СПО: the profession's or specialty's ОКСО code. */
  z.strictObject({
    field: z.literal('programme.okso'),
    in: z.array(z.string().regex(OKSO, 'Код ОКСО в виде 00.00.00')).min(1),
  }),
  values('enrollment.educationForm', ['full_time', 'part_time', 'extramural', 'family', 'self']),
  /** budget — бюджет; certificate — сертификат ПФДО; contract — платно, по договору. */
  values('enrollment.funding', ['budget', 'certificate', 'contract']),
  /** The impairment a compensating (combined) group is for: 85-К rows 403–412. */
  values('unit.impairment', IMPAIRMENT_TYPES),
  /**
   * The band of a group's ages [age_from, age_to) (full years, as комплектование reads them): under_1 —
   * от 2 мес до 1 года, 1_3 — от 1 до 3 лет, 3_5 — от 3 до 5 лет, 5_plus — 5 лет и старше, mixed —
   * разновозрастная (its ages span two bands). A group without its ages is in no band.
   */
  values('unit.ageBand', ['under_1', '1_3', '3_5', '5_plus', 'mixed']),
  /** An attendance day (measure `attendance`): present — проведен в группе, absent — пропущен. */
  values('attendance.status', ['present', 'absent']),
  /** The reason of a missed day: illness — по болезни; valid, unexcused — по другим причинам. */
  values('attendance.reason', ['illness', 'valid', 'unexcused']),
  /**
   * Оставлен на повторное обучение: a promotion order left the enrollment in its grade (promotion type
   * «repeat») in the year that ends on the reference date, (date − 1 year, date].
   */
  z.strictObject({ field: z.literal('enrollment.repeating'), equals: z.boolean() }),
  /** A graduation (measure `graduated`) with a document «с отличием»; any other row of `b` has none. */
  z.strictObject({ field: z.literal('graduation.honours'), equals: z.boolean() }),
]);
export type Filter = z.infer<typeof filterSchema>;
export type FilterField = Filter['field'];

/** Named age rules: full years on the date the rule derives from the reference date. */
export const AGE_RULES = {
  full_years_on_reference_date: {
    label: 'число полных лет на отчетную дату',
    ageDate: (asOf: string) => asOf,
  },
  full_years_on_next_january_first: {
    label: 'число полных лет на 1 января года, следующего за отчетным',
    ageDate: (asOf: string) => `${Number(asOf.slice(0, 4)) + 1}-01-01`,
  },
  /** Attendance days: the child's age on each day counted, no one date (other measures: the reference date). */
  full_years_on_each_day: {
    label: 'число полных лет в день посещения (пропуска)',
    ageDate: (_asOf: string): string | null => null,
  },
} as const;
export type AgeRule = keyof typeof AGE_RULES;
const ageRule = z.enum(Object.keys(AGE_RULES) as [AgeRule, ...AgeRule[]]);

/** Full years, both ends inclusive: { max: 0 } is «до года», { min: 7 } is «7 лет и старше». */
const ageBand = z
  .strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
  .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, 'min больше max');

/**
 * persons — distinct learners; enrollments — each enrollment; units — the classes or groups they are in;
 * days — the attendance days of the measure `attendance` (a sum of days, not a count of people).
 */
const counting = z.enum(['persons', 'enrollments', 'units', 'days']);
export type Counting = z.infer<typeof counting>;

const code = (pattern: RegExp, what: string) => z.string().regex(pattern, `Некорректный код ${what}`);

/** What a row or a column adds to the cell's rule. */
const criteria = {
  label: z.string().min(1),
  filters: z.array(filterSchema).default([]),
  age: ageBand.optional(),
};

/**
 * A row or column the registry cannot know (the days a kindergarten worked, say): its cells are not
 * computed but entered by the organization before it signs, and carry no filters of their own.
 */
const manual = z.literal(true).optional();

export const rowSchema = z.strictObject({
  code: code(/^[0-9A-Za-z.]{1,10}$/, 'строки'),
  ...criteria,
  /** Overrides the section's counting for this row. */
  count: counting.optional(),
  manual,
});

/**
 * What a column counts: stock — the enrollments in force on the reference date (the default);
 * admitted — those that began in the year before it, [date − 1 year, date); graduated — those that
 * ended by a graduation in that year. СПО-1: students on 1 October, admission and graduation from
 * 1 October of the previous year to 30 September. attendance — the attendance days of the year that
 * ends on the reference date, (date − 1 year, date], each of an enrollment in force that day (85-К
 * «Посещаемость»); counted in days only.
 */
export const MEASURES = ['stock', 'admitted', 'graduated', 'attendance'] as const;
export type Measure = (typeof MEASURES)[number];

export const columnSchema = z.strictObject({
  code: code(/^[0-9A-Za-z.]{1,10}$/, 'графы'),
  ...criteria,
  measure: z.enum(MEASURES).optional(),
  /** Overrides the section's counting for this column (a row's own counting must agree). */
  count: counting.optional(),
  manual,
});

/**
 * A control ratio: sum(left) op sum(right). A reference is `row:column`; `*` in one position repeats
 * the ratio for every row (or column) of the section, the same `*` on both sides.
 */
export const controlSchema = z.strictObject({
  code: code(/^[0-9A-Za-z._-]{1,20}$/, 'контроля'),
  label: z.string().min(1),
  left: z.array(z.string()).min(1),
  op: z.enum(['=', '<=', '>=']),
  right: z.array(z.string()).min(1),
});
export type Control = z.infer<typeof controlSchema>;

export const sectionSchema = z.strictObject({
  code: code(/^[0-9A-Za-z.]{1,10}$/, 'раздела'),
  title: z.string().min(1),
  /** Who is counted at all: enrollments in force on the reference date that pass these filters. */
  population: z.array(filterSchema).default([]),
  count: counting,
  ageRule: ageRule.optional(),
  rows: z.array(rowSchema).min(1),
  /**
   * Rows the registry lists by itself after the fixed ones: one per ОКСО code the counted enrollments
   * carry (СПО-1 2.1 — a row per profession or specialty), coded by the ОКСО code, labelled from the
   * ОКСО dictionary. In a control ratio the row `~` stands for all of them together.
   */
  rowsBy: z.strictObject({ field: z.literal('programme.okso') }).optional(),
  columns: z.array(columnSchema).min(1),
  controls: z.array(controlSchema).default([]),
});
export type Section = z.infer<typeof sectionSchema>;

export const definitionSchema = z.strictObject({
  $schema: z.string().optional(),
  code: code(/^[a-z0-9-]{1,20}$/, 'формы'),
  edition: code(/^[a-z0-9-]{1,20}$/, 'редакции'),
  title: z.string().min(1),
  /**
   * The order that approved the edition. Its date and number are stated only when verified against the
   * order's text; `source` says where the text is.
   */
  approvedBy: z.strictObject({
    authority: z.string().min(1),
    date: z.iso.date().optional(),
    number: z.string().min(1).optional(),
    title: z.string().min(1),
    source: z.url().optional(),
  }),
  /**
   * Which organizations submit the form: each of these kinds signs its own for the reference date, and
   * a municipality's progress lists them.
   */
  respondents: z.array(z.enum(['preschool', 'school', 'additional', 'vocational'])).min(1),
  /** The reference date the form states: an annual day (month, day) and its wording. */
  referenceDate: z.strictObject({
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    label: z.string().min(1),
  }),
  sections: z.array(sectionSchema).min(1),
});
export type FormDefinition = z.infer<typeof definitionSchema>;
