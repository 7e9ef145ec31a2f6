import { type RawBuilder, sql } from 'kysely';
import { criteriaSql } from './cell-sql.ts';
import { AGE_RULES, type Measure, type Section } from './definition.schema.ts';
import { usesRepeating } from './repeating-enrollments.ts';
import type { ReportScope } from './report-scope.ts';

/** In force on a day: a dated row whose [valid_from, valid_to) holds it. */
const inForce = (alias: string, on: RawBuilder<unknown>) =>
  sql<boolean>`${sql.ref(`${alias}.valid_from`)} <= ${on}
    AND (${sql.ref(`${alias}.valid_to`)} IS NULL OR ${sql.ref(`${alias}.valid_to`)} > ${on})`;

/**
 * The class's language of teaching as ОО-1 reads it: russian, other, or unspecified. The unit records it
 * as written («русский» by default on the screen), so case and spaces are ignored.
 */
const TEACHING_LANGUAGE = sql`CASE WHEN nullif(btrim(u.teaching_language), '') IS NULL THEN 'unspecified'
      WHEN lower(btrim(u.teaching_language)) IN ('русский', 'русский язык') THEN 'russian' ELSE 'other' END`;

/**
 * The band of a group's ages [age_from, age_to) as 85-К's columns read them (a group of one year, age_to
 * equal to age_from, is the band of that year): within one band, or разновозрастная when it spans two.
 */
const AGE_BAND = sql`CASE WHEN u.age_from IS NULL OR u.age_to IS NULL THEN NULL
      WHEN greatest(u.age_to, u.age_from + 1) <= 1 THEN 'under_1'
      WHEN u.age_from >= 1 AND greatest(u.age_to, u.age_from + 1) <= 3 THEN '1_3'
      WHEN u.age_from >= 3 AND greatest(u.age_to, u.age_from + 1) <= 5 THEN '3_5'
      WHEN u.age_from >= 5 THEN '5_plus'
      ELSE 'mixed' END`;

/**
 * The attendance days of the year (date − 1 year, date] per enrollment, status, reason and age: each
 * day of a child in a covered organization is given to one enrollment of theirs there in force that day
 * (its status period not «exited»), the preschool one first, so a child in two programmes of one
 * kindergarten counts the day once (the day counts once, 85-К) and a day after a (backdated) exit not
 * at all. The age is the child's on each day under the rule `full_years_on_each_day`, else on `ageDate`.
 */
function attendanceDays(scope: ReportScope, asOf: string, ageOn: RawBuilder<unknown>) {
  return sql`JOIN (
      SELECT x.enrollment_id, x.status, x.reason, x.age, count(*)::int AS days
        FROM (SELECT DISTINCT ON (a.id) ae.id AS enrollment_id, a.status, a.reason,
                     date_part('year', age(${ageOn}, ap.birth_date))::int AS age
                FROM attendance_days a
                JOIN persons ap ON ap.id = a.person_id
                JOIN enrollments ae ON ae.person_id = a.person_id AND ae.organization_id = a.organization_id
                JOIN enrollment_status_periods ast ON ast.enrollment_id = ae.id AND ${inForce('ast', sql`a.date`)}
                 AND ast.status <> 'exited'
                LEFT JOIN education_programmes aep ON aep.id = ae.programme_id
               WHERE ${scope.organizations('a.organization_id')}
                 AND a.date > (${asOf}::date - interval '1 year')::date AND a.date <= ${asOf}::date
               ORDER BY a.id, (aep.level IS NOT DISTINCT FROM 'preschool') DESC, ae.started_on, ae.id) x
       GROUP BY x.enrollment_id, x.status, x.reason, x.age) d ON d.enrollment_id = e.id`;
}

/** The date a section's ages are counted on, or null when it has no age rule. */
export const ageDateOf = (section: Section, asOf: string) =>
  section.ageRule ? AGE_RULES[section.ageRule].ageDate(asOf) : null;

/** Whether a section filters on its learners' class or group, or counts classes (groups). */
export function usesUnits(section: Section) {
  const parts = [section, ...section.rows, ...section.columns];
  return (
    parts.some((p) => p.count === 'units') ||
    [
      ...section.population,
      ...section.rows.flatMap((r) => r.filters),
      ...section.columns.flatMap((c) => c.filters),
    ].some((f) => f.field.startsWith('unit.'))
  );
}

/** The measures a section's computed columns count; a column that names none counts the stock. */
const measuresOf = (section: Section) =>
  new Set<Measure>(section.columns.filter((c) => !c.manual).map((c) => c.measure ?? 'stock'));

/**
 * `units`: look up the placement even when no section asks (a drill-down shows the class); `repeating`:
 * the enrollments left to repeat the year, read first (repeating-enrollments.ts) when a section asks.
 */
export type BaseOptions = { units?: boolean; repeating?: readonly string[] | undefined };

/**
 * What the rows of `b` carry beyond the learner and the programme: the unit of the placement in force
 * (looked up only when a section asks about units), and whether the enrollment was left to repeat the
 * year by a signed order (only when a section asks).
 */
type Shape = { unit: boolean; repeating: readonly string[] | undefined };

/**
 * One enrollment per row as a section sees it on `day`: the learner's attributes, the programme, and
 * the unit of the placement in force that day (if any). `events` joins what makes the enrollment count
 * (its status on the date, or its graduation in the year before it); `when` filters it (its admission).
 */
function enrollmentRows(
  measure: Measure,
  day: RawBuilder<unknown>,
  events: RawBuilder<unknown>,
  when: RawBuilder<boolean>,
  scope: ReportScope,
  ageDate: string,
  shape: Shape,
  attendance?: { age: RawBuilder<unknown> },
) {
  const withUnit = shape.unit;
  const unit = withUnit
    ? sql`u.id AS unit_id, u.name AS unit_name, u.kind AS unit_kind, u.group_focus, u.stay_mode,
             u.class_type, u.grade, u.shift, ${TEACHING_LANGUAGE} AS teaching_language`
    : sql`NULL::uuid AS unit_id, NULL::text AS unit_name, NULL::text AS unit_kind, NULL::text AS group_focus,
             NULL::text AS stay_mode, NULL::text AS class_type, NULL::int AS grade, NULL::int AS shift,
             NULL::text AS teaching_language`;
  return sql`
      SELECT ${measure}::text AS measure, e.id AS enrollment_id, e.person_id, e.organization_id,
             o.kind AS organization_kind, o.short_name AS organization_name,
             p.last_name, p.first_name, p.middle_name, p.birth_date, p.sex,
             CASE WHEN p.stateless THEN 'stateless'
                  WHEN '643' = ANY(p.citizenship_codes) AND cardinality(p.citizenship_codes) > 1 THEN 'dual'
                  WHEN '643' = ANY(p.citizenship_codes) THEN 'russian'
                  WHEN cardinality(p.citizenship_codes) > 0 THEN 'foreign'
             END AS citizenship,
             ${attendance ? attendance.age : sql`date_part('year', age(${ageDate}::date, p.birth_date))::int`} AS age,
             ep.level AS programme_level, ep.adapted AS programme_adapted, ep.focus AS programme_focus,
             ep.spo_type, ep.okso_code, ep.base_grade, round(ep.duration_months / 12.0)::int AS normative_years,
             coalesce(e.education_form, 'full_time') AS education_form, e.funding,
             ${unit},
             ${withUnit ? sql`u.impairment_type, ${AGE_BAND} AS age_band` : sql`NULL::text AS impairment_type, NULL::text AS age_band`},
             ${
               attendance
                 ? sql`d.status AS attendance_status, d.reason AS attendance_reason, d.days`
                 : sql`NULL::text AS attendance_status, NULL::text AS attendance_reason, 1 AS days`
             },
             ${shape.repeating ? sql`e.id = ANY(${shape.repeating}::uuid[])` : sql`false`} AS repeating,
             ${measure === 'graduated' ? sql`coalesce(m.honours, false)` : sql`NULL::boolean`} AS honours
        FROM enrollments e
        ${events}
        JOIN persons p ON p.id = e.person_id AND p.status = 'active'
        JOIN organizations o ON o.id = e.organization_id
        LEFT JOIN education_programmes ep ON ep.id = e.programme_id
        ${
          withUnit
            ? sql`LEFT JOIN (placements pl JOIN units u ON u.id = pl.unit_id)
            ON pl.enrollment_id = e.id AND ${inForce('pl', day)}`
            : sql``
        }
       WHERE ${scope.organizations('e.organization_id')} AND ${when}`;
}

/**
 * The relation a section counts, as a CTE named `b`: one row per counted enrollment of the covered
 * organizations, of an active person, that passes the section's population filters, tagged with the
 * measure it counts for. The stock: enrollments whose status period in force on the reference date is
 * not «exited» (academic leave counts, as the forms want). Admissions: enrollments that began in
 * [date − 1 year, date), seen on their first day. Graduations: enrollments that a graduation ended in
 * that year, seen on their last day. Read from the dated periods and placements, so any past date shows
 * what the registry knows of it now.
 */
export const sectionBase = (
  section: Section,
  scope: ReportScope,
  asOf: string,
  opts: BaseOptions = {},
): RawBuilder<unknown> => sharedBase([section], scope, asOf, opts);

/** Whether a section's cells depend on the learner's age (and so on the date its rule counts it on). */
const agesMatter = (section: Section) =>
  measuresOf(section).has('attendance') ||
  [...section.rows, ...section.columns].some((p) => p.age?.min !== undefined || p.age?.max !== undefined);

/**
 * Which sections of a form can be counted over one `b`: those whose ages are taken on the same date (the
 * same rule for attendance days). A section that looks at no age goes with any.
 */
export function baseKey(section: Section, asOf: string): string | null {
  if (!agesMatter(section)) return null;
  return `${ageDateOf(section, asOf) ?? asOf}|${section.ageRule === 'full_years_on_each_day'}`;
}

/**
 * The relation several sections count at once (see `sectionBase`): every measure any of them counts, the
 * placement when any asks about units, and the enrollments in at least one section's population. The
 * sections must share a `baseKey` (or have none); each still applies its own population over it.
 */
export function sharedBase(
  sections: Section[],
  scope: ReportScope,
  asOf: string,
  opts: BaseOptions = {},
): RawBuilder<unknown> {
  if (opts.repeating === undefined && sections.some(usesRepeating))
    throw new Error(
      'A section asks which enrollments repeat the year: read them first (repeatingEnrollments)',
    );
  const keyed = sections.find((x) => baseKey(x, asOf) !== null) ?? sections[0]!;
  const ageDate = ageDateOf(keyed, asOf) ?? asOf;
  // The placement in force is looked up per enrollment: only when a section asks about units.
  const shape: Shape = {
    unit: opts.units ?? sections.some(usesUnits),
    repeating: opts.repeating,
  };
  const on = sql`${asOf}::date`;
  const yearBefore = sql`(${asOf}::date - interval '1 year')::date`;
  const measures = new Set(sections.flatMap((x) => [...measuresOf(x)]));
  const parts: RawBuilder<unknown>[] = [];
  if (measures.has('stock'))
    parts.push(
      enrollmentRows(
        'stock',
        on,
        sql`JOIN enrollment_status_periods st ON st.enrollment_id = e.id AND ${inForce('st', on)}
              AND st.status <> 'exited'`,
        sql<boolean>`TRUE`,
        scope,
        ageDate,
        shape,
      ),
    );
  if (measures.has('admitted'))
    parts.push(
      enrollmentRows(
        'admitted',
        sql`e.started_on`,
        sql``,
        sql<boolean>`e.started_on >= ${yearBefore} AND e.started_on < ${on}`,
        scope,
        ageDate,
        shape,
      ),
    );
  if (measures.has('graduated'))
    parts.push(
      enrollmentRows(
        'graduated',
        sql`(st.valid_from - 1)`,
        sql`JOIN enrollment_status_periods st ON st.enrollment_id = e.id AND st.status = 'exited'
              AND st.valid_from >= ${yearBefore} AND st.valid_from < ${on}
            JOIN movements m ON m.id = st.movement_id AND m.kind = 'graduation'`,
        sql<boolean>`TRUE`,
        scope,
        ageDate,
        shape,
      ),
    );
  if (measures.has('attendance')) {
    const perDay = keyed.ageRule === 'full_years_on_each_day';
    parts.push(
      enrollmentRows(
        'attendance',
        on,
        attendanceDays(scope, asOf, perDay ? sql`a.date` : sql`${ageDate}::date`),
        sql<boolean>`TRUE`,
        scope,
        ageDate,
        shape,
        { age: sql`d.age` },
      ),
    );
  }
  const populations = sections.map((x) => criteriaSql({ filters: x.population }));
  return sql`b AS (
    SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) b
    WHERE ${populations.length === 1 ? populations[0]! : sql`(${sql.join(populations, sql` OR `)})`}
  )`;
}
