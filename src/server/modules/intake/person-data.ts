import { type Kysely, sql } from 'kysely';
import type { PersonTable } from '../../platform/person-data/types.ts';
import { achievementsOf } from './read-person-achievements.ts';

type MonthOfDays = { month: string; present: number; absent: number; illness: number; unexcused: number };
type Grade = { academicYear: string; subject: string; kind: string; period: string | null; grade: string };

/** The learner's attendance by month (days present and absent, and why) for the citizen's view. */
// biome-ignore lint/suspicious/noExplicitAny: presenters read with whatever database handle they are given
async function readAttendance(db: Kysely<any>, ids: string[]) {
  const out = new Map<string, MonthOfDays[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const r = await sql<MonthOfDays & { person_id: string }>`
    SELECT person_id, to_char(date, 'YYYY-MM') AS month,
           count(*) FILTER (WHERE status = 'present')::int AS present,
           count(*) FILTER (WHERE status = 'absent')::int AS absent,
           count(*) FILTER (WHERE reason = 'illness')::int AS illness,
           count(*) FILTER (WHERE reason = 'unexcused')::int AS unexcused
      FROM attendance_days WHERE person_id = ANY(${ids}::uuid[])
     GROUP BY person_id, month ORDER BY month`.execute(db);
  for (const { person_id, ...m } of r.rows) out.get(person_id)?.push(m);
  return out;
}

/** The learner's period, annual and final grades for the citizen's view. */
// biome-ignore lint/suspicious/noExplicitAny: presenters read with whatever database handle they are given
async function readResults(db: Kysely<any>, ids: string[]) {
  const out = new Map<string, Grade[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const r = await sql<Grade & { person_id: string }>`
    SELECT person_id, academic_year AS "academicYear", subject, kind,
           CASE WHEN period_type IS NULL THEN NULL ELSE period_type || ' ' || period_number END AS period, grade
      FROM learner_results WHERE person_id = ANY(${ids}::uuid[])
     ORDER BY academic_year, subject, kind, period_number`.execute(db);
  for (const { person_id, ...g } of r.rows) out.get(person_id)?.push(g);
  return out;
}

/** The learner's achievements for the citizen's view: the event, its level, the date and the result. */
// biome-ignore lint/suspicious/noExplicitAny: presenters read with whatever database handle they are given
async function readAchievements(db: Kysely<any>, ids: string[]) {
  const all = await achievementsOf(db, ids);
  return new Map(
    [...all].map(([id, items]) => [
      id,
      items.map((a) => ({
        title: a.title,
        level: a.level,
        kind: a.kind,
        date: a.date,
        result: a.result,
        place: a.place,
        score: a.score,
        subject: a.subject,
        organizationName: a.organizationName,
      })),
    ]),
  );
}

const NO_FK =
  'partitioned by month: a foreign key would be copied to every partition and checked per row at a million rows a day; the intake writes a row only for a person it matched to an enrollment, and persons are never deleted';

/**
 * Attendance and grades sent by the organizations' e-journals. They follow a merge to the survivor
 * (a day the survivor already has at that organization is the survivor's), and a destruction deletes
 * them: they describe the learner and nothing else.
 */
export const INTAKE_DATA: PersonTable[] = [
  {
    table: 'attendance_days',
    module: 'intake',
    refs: [{ column: 'person_id', soft: NO_FK }],
    merge: {
      rule: 'dedupe',
      key: 'id',
      twin: (m, rows) => rows.some((s) => s.organization_id === m.organization_id && s.date === m.date),
      resolve: { action: 'deleted' },
    },
    erase: { rule: 'delete' },
    citizen: { section: 'attendance', present: readAttendance },
    export: {
      none: 'the pseudonymised export lists enrollments; attendance is not part of its published format',
    },
  },
  {
    table: 'attendance_days_history',
    module: 'intake',
    refs: [{ column: 'person_id', soft: NO_FK }],
    merge: { rule: 'move', key: 'attendance_id' },
    erase: { rule: 'delete' },
    citizen: { hidden: 'superseded values of the days the attendance section shows' },
    export: { none: 'corrections history stays in the registry' },
  },
  {
    table: 'learner_results',
    module: 'intake',
    refs: [{ column: 'person_id' }],
    // Its history rows go with it (result_id), so they need no declaration of their own.
    merge: { rule: 'move', key: 'id' },
    erase: { rule: 'delete' },
    citizen: { section: 'results', present: readResults },
    export: {
      none: 'the pseudonymised export lists enrollments; grades are not part of its published format',
    },
  },
  {
    table: 'learner_achievements',
    module: 'intake',
    refs: [{ column: 'person_id' }],
    // Its history rows go with it (achievement_id), so they need no declaration of their own.
    merge: { rule: 'move', key: 'id' },
    erase: { rule: 'delete' },
    citizen: { section: 'achievements', present: readAchievements },
    export: {
      none: 'the pseudonymised export lists enrollments; achievements are not part of its published format',
    },
  },
];
