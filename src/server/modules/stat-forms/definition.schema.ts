import { z } from 'zod';

/**
 * The format of a statistical form's definition file (JSON). A form is data: its edition and the order
 * that approved it, sections of rows × columns, and for each cell the rule that counts it — the row's
 * criteria AND the column's criteria over the section's population. The vocabulary below is closed:
 * every filter names a known field with values from its domain, so a definition never carries SQL.
 */

const values = <F extends string, T extends readonly [string, ...string[]]>(field: F, domain: T) =>
  z.strictObject({ field: z.literal(field), in: z.array(z.enum(domain)).min(1) });

/** One condition on a counted enrollment: its organization, its learner, its programme, its unit. */
export const filterSchema = z.discriminatedUnion('field', [
  values('organization.kind', ['preschool', 'school', 'additional', 'vocational']),
  values('person.sex', ['male', 'female']),
  /** russian — only РФ; foreign — other citizenship(s) only; dual — РФ and another; stateless — без гражданства. */
  values('person.citizenship', ['russian', 'foreign', 'dual', 'stateless']),
  values('programme.level', ['preschool', 'noo', 'ooo', 'soo', 'spo', 'additional']),
  z.strictObject({ field: z.literal('programme.adapted'), equals: z.boolean() }),
  values('unit.kind', ['group', 'class', 'association', 'study_group']),
  values('unit.groupFocus', ['general', 'compensating', 'combined', 'health', 'care']),
  values('unit.stayMode', ['short', 'full', 'extended', 'round_the_clock']),
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
} as const;
export type AgeRule = keyof typeof AGE_RULES;
const ageRule = z.enum(Object.keys(AGE_RULES) as [AgeRule, ...AgeRule[]]);

/** Full years, both ends inclusive: { max: 0 } is «до года», { min: 7 } is «7 лет и старше». */
const ageBand = z
  .strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
  .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, 'min больше max');

const counting = z.enum(['persons', 'enrollments']);

const code = (pattern: RegExp, what: string) => z.string().regex(pattern, `Некорректный код ${what}`);

/** What a row or a column adds to the cell's rule. */
const criteria = {
  label: z.string().min(1),
  filters: z.array(filterSchema).default([]),
  age: ageBand.optional(),
};

export const rowSchema = z.strictObject({
  code: code(/^[0-9A-Za-z.]{1,10}$/, 'строки'),
  ...criteria,
  /** Overrides the section's counting for this row. */
  count: counting.optional(),
});

export const columnSchema = z.strictObject({ code: code(/^[0-9A-Za-z.]{1,10}$/, 'графы'), ...criteria });

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
  columns: z.array(columnSchema).min(1),
  controls: z.array(controlSchema).default([]),
});
export type Section = z.infer<typeof sectionSchema>;

export const definitionSchema = z.strictObject({
  $schema: z.string().optional(),
  code: code(/^[a-z0-9-]{1,20}$/, 'формы'),
  edition: code(/^[a-z0-9-]{1,20}$/, 'редакции'),
  title: z.string().min(1),
  approvedBy: z.strictObject({
    authority: z.string().min(1),
    date: z.iso.date(),
    number: z.string().min(1),
    title: z.string().min(1),
  }),
  /** The reference date the form states: an annual day (month, day) and its wording. */
  referenceDate: z.strictObject({
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    label: z.string().min(1),
  }),
  sections: z.array(sectionSchema).min(1),
});
export type FormDefinition = z.infer<typeof definitionSchema>;
