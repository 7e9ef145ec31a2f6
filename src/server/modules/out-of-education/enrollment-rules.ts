import { sql } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { findNotArrived } from '../orders/transfers.queries.ts';
import { type Finding, municipalityOf, openCases } from './case-store.ts';

/** Earliest school age (6 years 6 months, ч. 1 ст. 67 273-ФЗ): a kindergarten leaver of this age goes to school. */
const EARLIEST_MONTHS = 78;
/** Not later than 8 years: a child of this age on the check date must be at school. */
const LATEST_YEARS = 8;

/** The school year's check date on or before today, or null before it (the rule waits for it). */
export function checkDate(today: string, monthDay: string): { on: string; year: string } | null {
  const y = Number(today.slice(0, 4));
  const start = today.slice(5) >= '09-01' ? y : y - 1;
  const on = `${monthDay < '09-01' ? start + 1 : start}-${monthDay}`;
  return today >= on ? { on, year: `${start}/${start + 1}` } : null;
}

/** SQL: the person holds a general-school or vocational enrollment in force on the day. */
const atSchool = (person: string, from: string, to: string) => sql<boolean>`EXISTS (
  SELECT 1 FROM enrollments e JOIN organizations so ON so.id = e.organization_id AND so.kind IN ('school', 'vocational')
   WHERE e.person_id = ${sql.ref(person)} AND e.level IS DISTINCT FROM 'additional'
     AND e.started_on <= ${to}::date AND (e.ended_on IS NULL OR e.ended_on > ${from}::date))`;

/**
 * «Не приступил к обучению»: a child of school age tied to the municipality (address, a kindergarten
 * left in the year before the check date, the preschool queue, an organization once attended) with no
 * school or vocational enrollment at any time from the check date to today. A kindergarten leaver
 * counts from 6 years 6 months; everyone else from 8 years (the latest start) until 18.
 */
export async function findNotStarted(tx: Tx, config: Config, today: string): Promise<Finding[]> {
  const check = checkDate(today, config.outOfEducationCheckDate);
  if (!check) return [];
  const { on } = check;
  const r = await sql<Finding>`
    WITH kids AS MATERIALIZED (
      SELECT p.id, p.birth_date FROM persons p
       WHERE p.status = 'active' AND p.birth_date > ${on}::date - interval '18 years'
         AND p.birth_date <= ${on}::date - make_interval(months => ${EARLIEST_MONTHS})
    ), links AS (
      SELECT k.id AS person_id, tt.id AS municipality_id, 1 AS pref, null::uuid AS organization_id,
             k.birth_date <= ${on}::date - make_interval(years => ${LATEST_YEARS}) AS due
        FROM kids k JOIN person_addresses ad ON ad.person_id = k.id AND ad.oktmo IS NOT NULL
                         AND (ad.valid_to IS NULL OR ad.valid_to > ${on}::date)
        JOIN territories tt ON tt.kind = 'municipality' AND tt.oktmo IN (ad.oktmo, left(ad.oktmo, 8))
      UNION ALL
      SELECT k.id, ${municipalityOf('e.organization_id')}, 2, e.organization_id, true
        FROM kids k JOIN enrollments e ON e.person_id = k.id
        JOIN organizations o ON o.id = e.organization_id AND o.kind = 'preschool'
       WHERE e.ended_on BETWEEN ${on}::date - interval '1 year' AND ${on}::date
      UNION ALL
      SELECT k.id, pa.municipality_id, 3, null::uuid,
             k.birth_date <= ${on}::date - make_interval(years => ${LATEST_YEARS})
        FROM kids k JOIN preschool_applications pa ON pa.child_id = k.id
      UNION ALL
      SELECT k.id, ${municipalityOf('e.organization_id')}, 4, e.organization_id,
             k.birth_date <= ${on}::date - make_interval(years => ${LATEST_YEARS})
        FROM kids k JOIN enrollments e ON e.person_id = k.id
    )
    SELECT DISTINCT ON (l.person_id) l.person_id, l.municipality_id, l.organization_id, null::uuid AS movement_id,
           ${check.year} AS episode, ${on}::text AS evidence_on,
           jsonb_build_object('checkDate', ${on}::text, 'source', l.pref) AS evidence
      FROM links l
     WHERE l.due AND l.municipality_id IS NOT NULL
       AND NOT ${atSchool('l.person_id', on, today)}
       -- Those who died, finished secondary school or a vocational programme are not out of education.
       AND NOT EXISTS (SELECT 1 FROM movements mv JOIN enrollments me ON me.id = mv.enrollment_id
                        WHERE mv.person_id = l.person_id
                          AND (mv.exit_reason = 'death'
                               OR (mv.kind = 'graduation' AND me.level IS DISTINCT FROM 'preschool'
                                   AND me.level IS DISTINCT FROM 'noo' AND me.level IS DISTINCT FROM 'ooo')))
     ORDER BY l.person_id, l.pref`.execute(tx);
  return r.rows;
}

/** Back in education: a school or vocational enrollment in force today. */
export const notStartedResolved = (today: string, persons: string[] | null) =>
  openCases('not_started', persons, atSchool('c.person_id', today, today), 'ребенок зачислен в организацию');

/**
 * «Выбыл и не прибыл»: the same rule the municipality's list shows (orders/transfers.queries.ts), one
 * case per transfer line, for the municipality of the school the child left.
 */
export async function findLeftNotArrived(tx: Tx, config: Config, today: string): Promise<Finding[]> {
  const items = await findNotArrived(tx, config, sql<boolean>`true`, today);
  if (items.length === 0) return [];
  const orgs = [...new Set(items.map((i) => i.from.id))];
  const r = await sql<{ id: string; municipality_id: string | null }>`
    SELECT o.id, ${municipalityOf('o.id')} AS municipality_id FROM organizations o
     WHERE o.id = ANY(${orgs}::uuid[])`.execute(tx);
  const mun = new Map(r.rows.map((x) => [x.id, x.municipality_id]));
  return items.map((i) => ({
    person_id: i.person.id,
    municipality_id: mun.get(i.from.id) ?? null,
    organization_id: i.from.id,
    movement_id: i.movementId,
    episode: i.movementId,
    evidence_on: i.effectiveOn,
    evidence: {
      workingDaysWaiting: i.workingDaysWaiting,
      toOrganization: i.to.name,
      orderNumber: i.order.number,
    },
  }));
}

/** Received after all (the arrival line is signed) or at school elsewhere today. */
export const leftNotArrivedResolved = (today: string, persons: string[] | null) =>
  openCases(
    'left_not_arrived',
    persons,
    sql`(EXISTS (SELECT 1 FROM movements a JOIN orders ao ON ao.id = a.order_id AND ao.state = 'signed'
                  WHERE a.arrival_of = c.movement_id)
         OR ${atSchool('c.person_id', today, today)})`,
    'ребенок прибыл в организацию',
  );
