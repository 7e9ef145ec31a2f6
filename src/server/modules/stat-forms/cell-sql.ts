import { type RawBuilder, sql } from 'kysely';
import type { Filter, FilterField, Measure, Section } from './definition.schema.ts';

/**
 * The cell-rule vocabulary compiled to SQL over the `base` relation of a section (one row per counted
 * enrollment, see section-base.ts). Column names are fixed here; a definition contributes values only,
 * always as bound parameters.
 */
const COLUMN: Record<
  Exclude<
    FilterField,
    | 'programme.adapted'
    | 'person.citizenship'
    | 'unit.grade'
    | 'unit.shift'
    | 'programme.baseGrade'
    | 'programme.normativeYears'
    | 'enrollment.repeating'
    | 'graduation.honours'
  >,
  string
> = {
  'organization.kind': 'b.organization_kind',
  'person.sex': 'b.sex',
  'programme.level': 'b.programme_level',
  'programme.focus': 'b.programme_focus',
  'programme.spoType': 'b.spo_type',
  'programme.okso': 'b.okso_code',
  'unit.kind': 'b.unit_kind',
  'unit.groupFocus': 'b.group_focus',
  'unit.stayMode': 'b.stay_mode',
  'unit.classType': 'b.class_type',
  'enrollment.educationForm': 'b.education_form',
  'enrollment.funding': 'b.funding',
  'unit.impairment': 'b.impairment_type',
  'unit.ageBand': 'b.age_band',
  'unit.teachingLanguage': 'b.teaching_language',
  'attendance.status': 'b.attendance_status',
  'attendance.reason': 'b.attendance_reason',
};

export function filterSql(f: Filter): RawBuilder<boolean> {
  switch (f.field) {
    case 'programme.adapted':
      return sql<boolean>`coalesce(b.programme_adapted, false) = ${f.equals}`;
    case 'person.citizenship':
      return sql<boolean>`b.citizenship = ANY(${f.in}::text[])`;
    case 'unit.grade':
      return sql<boolean>`b.grade = ANY(${f.in}::int[])`;
    case 'programme.baseGrade':
      return sql<boolean>`b.base_grade = ANY(${f.in}::int[])`;
    case 'programme.normativeYears':
      return sql<boolean>`b.normative_years = ANY(${f.in}::int[])`;
    case 'unit.shift':
      return sql<boolean>`b.shift = ANY(${f.in}::int[])`;
    case 'enrollment.repeating':
      return sql<boolean>`b.repeating = ${f.equals}`;
    case 'graduation.honours':
      return sql<boolean>`b.honours IS NOT DISTINCT FROM ${f.equals}`;
    default:
      return sql<boolean>`${sql.ref(COLUMN[f.field])}::text = ANY(${f.in}::text[])`;
  }
}

export type Criteria = {
  filters: Filter[];
  age?: { min?: number | undefined; max?: number | undefined } | undefined;
};

/**
 * The conjunction of a row's or column's criteria; TRUE when it adds none. With the date ages are taken
 * on, an age band compares the birth date with that date less the years (full years ≥ n exactly when
 * born on or before date − n years), a constant: the learner's age is not computed per predicate.
 * Without it (ages taken on each attendance day), `b.age`.
 */
export function criteriaAt(ageDate: string | null, ...parts: Criteria[]): RawBuilder<boolean> {
  const bornBy = (years: number) => sql`(${ageDate}::date - make_interval(years => ${years}::int))::date`;
  const terms: RawBuilder<boolean>[] = [];
  for (const c of parts) {
    terms.push(...c.filters.map(filterSql));
    const { min, max } = c.age ?? {};
    if (ageDate === null) {
      if (min !== undefined) terms.push(sql<boolean>`b.age >= ${min}::int`);
      if (max !== undefined) terms.push(sql<boolean>`b.age <= ${max}::int`);
    } else {
      if (min !== undefined) terms.push(sql<boolean>`b.birth_date <= ${bornBy(min)}`);
      if (max !== undefined) terms.push(sql<boolean>`b.birth_date > ${bornBy(max + 1)}`);
    }
  }
  return terms.length === 0 ? sql<boolean>`TRUE` : sql<boolean>`(${sql.join(terms, sql` AND `)})`;
}

/** The criteria over `b.age` (the drill-down's relation carries each learner's age). */
export const criteriaSql = (...parts: Criteria[]) => criteriaAt(null, ...parts);

/**
 * A cell's rule: its row's and column's criteria, over the enrollments its column measures (in force
 * on the date unless the column counts admissions or graduations).
 */
export const cellSql = (row: Criteria, column: Criteria & { measure?: Measure | undefined }) =>
  sql<boolean>`(b.measure = ${column.measure ?? 'stock'} AND ${criteriaSql(row, column)})`;

/** The row and column of a cell, or null when the section has no such cell. */
export function findCell(section: Section, row: string, column: string) {
  const r = section.rows.find((x) => x.code === row);
  const c = section.columns.find((x) => x.code === column);
  return r && c ? { row: r, column: c, count: r.count ?? c.count ?? section.count } : null;
}
