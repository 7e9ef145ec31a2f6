import { type RawBuilder, sql } from 'kysely';
import { criteriaSql } from './cell-sql.ts';
import { AGE_RULES, type Section } from './definition.schema.ts';
import type { ReportScope } from './report-scope.ts';

/** In force on a date: a dated row whose [valid_from, valid_to) holds it. */
const inForce = (alias: string, on: string) =>
  sql<boolean>`${sql.ref(`${alias}.valid_from`)} <= ${on}::date
    AND (${sql.ref(`${alias}.valid_to`)} IS NULL OR ${sql.ref(`${alias}.valid_to`)} > ${on}::date)`;

/** The date a section's ages are counted on, or null when it has no age rule. */
export const ageDateOf = (section: Section, asOf: string) =>
  section.ageRule ? AGE_RULES[section.ageRule].ageDate(asOf) : null;

/**
 * The relation a section counts, as a CTE named `b`: one row per enrollment of the covered
 * organizations whose status period in force on the reference date is not «exited» (academic leave
 * counts, as the forms want), of an active person, that passes the section's population filters; with
 * the learner's attributes, the programme, and the unit of the placement in force that day (if any).
 * Read from the dated periods and placements, so any past date shows what the registry knows of it now.
 */
export function sectionBase(section: Section, scope: ReportScope, asOf: string): RawBuilder<unknown> {
  const ageDate = ageDateOf(section, asOf) ?? asOf;
  return sql`b AS (
    SELECT * FROM (
      SELECT e.id AS enrollment_id, e.person_id, e.organization_id, o.kind AS organization_kind,
             o.short_name AS organization_name,
             p.last_name, p.first_name, p.middle_name, p.birth_date, p.sex,
             CASE WHEN p.stateless THEN 'stateless'
                  WHEN '643' = ANY(p.citizenship_codes) AND cardinality(p.citizenship_codes) > 1 THEN 'dual'
                  WHEN '643' = ANY(p.citizenship_codes) THEN 'russian'
                  WHEN cardinality(p.citizenship_codes) > 0 THEN 'foreign'
             END AS citizenship,
             date_part('year', age(${ageDate}::date, p.birth_date))::int AS age,
             ep.level AS programme_level, ep.adapted AS programme_adapted,
             u.id AS unit_id, u.name AS unit_name, u.kind AS unit_kind, u.group_focus, u.stay_mode
        FROM enrollments e
        JOIN enrollment_status_periods st ON st.enrollment_id = e.id AND ${inForce('st', asOf)}
        JOIN persons p ON p.id = e.person_id AND p.status = 'active'
        JOIN organizations o ON o.id = e.organization_id
        LEFT JOIN education_programmes ep ON ep.id = e.programme_id
        LEFT JOIN LATERAL (
          SELECT un.* FROM placements pl JOIN units un ON un.id = pl.unit_id
           WHERE pl.enrollment_id = e.id AND ${inForce('pl', asOf)}
           ORDER BY pl.valid_from DESC LIMIT 1) u ON TRUE
       WHERE ${scope.organizations('e.organization_id')} AND st.status <> 'exited'
    ) b
    WHERE ${criteriaSql({ filters: section.population })}
  )`;
}
