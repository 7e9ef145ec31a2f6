import { sql } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { type Finding, municipalityOf, openCases } from './case-store.ts';

/** How far back the attendance rules look: enough for a run of absences and the month before. */
const LOOKBACK_DAYS = 75;

type Kind = 'stopped_attending' | 'preschool_absent';

/**
 * «Прекратил посещение» (school) and «не посещает ДОО» (kindergarten): the learner's latest days at an
 * organization that still holds them are N or more absences in a row without a valid reason; for a
 * school also a calendar month with more than X % of its recorded school days missed so. The days the
 * e-journal sends are the school days, so consecutive records are consecutive school days.
 */
export async function findAttendance(
  tx: Tx,
  config: Config,
  kind: Kind,
  today: string,
  persons: string[] | null,
) {
  const orgKind = kind === 'preschool_absent' ? 'preschool' : 'school';
  const n =
    kind === 'preschool_absent' ? config.outOfEducationPreschoolAbsentDays : config.outOfEducationAbsentDays;
  // The days in the window of learners enrolled today in the organization the day was recorded at.
  const inWindow = (a: string) =>
    sql`${sql.ref(`${a}.date`)} BETWEEN ${today}::date - ${LOOKBACK_DAYS}::int AND ${today}::date`;
  const held = (a: string) => sql`
    EXISTS (SELECT 1 FROM organizations o WHERE o.id = ${sql.ref(`${a}.organization_id`)} AND o.kind = ${orgKind})
    AND EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = ${sql.ref(`${a}.person_id`)}
                   AND e.organization_id = ${sql.ref(`${a}.organization_id`)} AND e.started_on <= ${today}::date
                   AND (e.ended_on IS NULL OR e.ended_on > ${today}::date))`;
  // A batch's learners are read learner by learner through the day's key (person_id, date, …), behind a
  // fence the planner keeps: joined freely, a partition filled since its last ANALYZE looked empty, and
  // the plan compared every day read with every enrollment of the region (a minute for 950 learners).
  // Inside the fence only the learner and the window: with the enrollment check there too, the planner
  // read the learner's organizations first and then each organization's whole window of days through
  // (organization_id, date), keeping the learner's (0.2–0.4 s a batch once the partitions held a few days).
  const days = persons
    ? sql`unnest(${persons}::uuid[]) AS f(person_id) CROSS JOIN LATERAL (
            SELECT * FROM attendance_days x WHERE x.person_id = f.person_id AND ${inWindow('x')} OFFSET 0) a
          WHERE ${held('a')}`
    : sql`attendance_days a WHERE ${inWindow('a')} AND ${held('a')}`;
  const monthRule =
    kind === 'stopped_attending'
      ? sql`UNION ALL
        SELECT person_id, organization_id, 'month:' || to_char(m, 'YYYY-MM'), (m + interval '1 month - 1 day')::date,
               jsonb_build_object('rule', 'month', 'month', to_char(m, 'YYYY-MM'), 'days', total, 'missed', bad,
                                  'percent', round(bad * 100.0 / total)), 2
          FROM (SELECT person_id, organization_id, date_trunc('month', date)::date AS m, count(*)::int AS total,
                       count(*) FILTER (WHERE bad)::int AS bad
                  FROM d GROUP BY 1, 2, 3) mm
         -- A calendar month is judged once it is over, and only if it lies wholly in the window: two
         -- days skipped of a month's first five is not «more than X % of a month», and a month cut by the
         -- window would be judged on part of its days (the generated year's recall test found both).
         WHERE total >= ${n} AND bad * 100 > ${config.outOfEducationMonthPercent} * total
           AND (m + interval '1 month')::date <= ${today}::date AND m >= ${today}::date - ${LOOKBACK_DAYS}::int
           -- Absences a case already rests on (a run in this month) are not a second finding.
           AND NOT EXISTS (SELECT 1 FROM out_of_education_cases x WHERE x.person_id = mm.person_id
                              AND x.kind = 'stopped_attending' AND x.evidence_on >= mm.m)`
      : sql``;
  const r = await sql<Finding>`
    WITH d AS MATERIALIZED (
      SELECT a.person_id, a.organization_id, a.date, (a.status = 'absent' AND a.reason = 'unexcused') AS bad
        FROM ${days}
    ), good AS (
      SELECT person_id, organization_id, max(date) FILTER (WHERE NOT bad) AS good_on FROM d GROUP BY 1, 2
    ), found AS (
      SELECT d.person_id, d.organization_id, 'run:' || min(d.date)::text AS episode, max(d.date) AS evidence_on,
             jsonb_build_object('rule', 'consecutive', 'days', count(*)::int, 'from', min(d.date),
                                'to', max(d.date)) AS evidence, 1 AS pref
        FROM d JOIN good g USING (person_id, organization_id)
       WHERE d.date > coalesce(g.good_on, '-infinity'::date)
       GROUP BY 1, 2 HAVING count(*) >= ${n}
      ${monthRule}
    )
    SELECT DISTINCT ON (f.person_id) f.person_id, ${municipalityOf('f.organization_id')} AS municipality_id,
           f.organization_id, null::uuid AS movement_id, f.episode, f.evidence_on::text, f.evidence
      FROM found f
     ORDER BY f.person_id, f.pref, f.evidence_on DESC`.execute(tx);
  return r.rows;
}

/** A child back at lessons: a day present anywhere after the last day the finding rests on. */
export function attendanceResolved(kind: Kind, persons: string[] | null) {
  return openCases(
    kind,
    persons,
    // A month's case rests on the month's last day: the child is back once a later day is present.
    sql`EXISTS (SELECT 1 FROM attendance_days a WHERE a.person_id = c.person_id AND a.date > c.evidence_on
                   AND a.status = 'present')`,
    'ребенок вернулся к занятиям',
  );
}
