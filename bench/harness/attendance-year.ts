import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  learnerMarks,
  learnerYear,
  type PlantedCase,
  plantCases,
  type YearLearner,
  type YearShape,
} from '../../src/generator/attendance/attendance-year.ts';

const CHUNK = 2_000;

/** The region's learners enrolled on the year's first day, with their kind and (for a school) grade by age. */
export async function yearLearners(client: pg.Client, shape: YearShape): Promise<YearLearner[]> {
  const r = await client.query<{ person_id: string; organization_id: string; kind: string; age: number }>(
    `SELECT DISTINCT ON (e.person_id) e.person_id, e.organization_id, o.kind,
            extract(year FROM age($1::date, p.birth_date))::int AS age
       FROM enrollments e JOIN organizations o ON o.id = e.organization_id AND o.kind IN ('school', 'preschool')
       JOIN persons p ON p.id = e.person_id AND p.status = 'active'
      WHERE e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $2::date)
      ORDER BY e.person_id, e.started_on DESC`,
    [shape.start, shape.until],
  );
  return r.rows.map((x) => ({
    personId: x.person_id,
    organizationId: x.organization_id,
    kind: x.kind as YearLearner['kind'],
    grade: Math.min(11, Math.max(1, x.age - 6)),
  }));
}

const nul = (v: string | number | null) => (v === null ? '\\N' : String(v));

/**
 * Writes a generated school year into attendance_days and learner_results with COPY, chunk by chunk
 * (a million learners' year is 150 million days: it streams, it is never held whole). Returns the
 * planted cases and the counts.
 */
export async function loadAttendanceYear(
  client: pg.Client,
  seed: string,
  learners: YearLearner[],
  shape: YearShape,
): Promise<{ planted: PlantedCase[]; days: number; marks: number }> {
  const planted = plantCases(seed, learners, shape);
  const byPerson = new Map(planted.map((p) => [p.personId, p]));
  const months: string[] = [];
  for (let m = shape.start.slice(0, 7); m <= shape.until.slice(0, 7); ) {
    months.push(`${m}-01`);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  await client.query(`SELECT attendance_ensure_partitions($1::date[])`, [months]);
  const batch = randomUUID();
  const year = `${shape.start.slice(0, 4)}/${Number(shape.start.slice(0, 4)) + 1}`;
  let days = 0;
  let marks = 0;
  for (let i = 0; i < learners.length; i += CHUNK) {
    const chunk = learners.slice(i, i + CHUNK);
    let dayText = '';
    let markText = '';
    for (const l of chunk) {
      for (const r of learnerYear(seed, l, shape, byPerson.get(l.personId))) {
        dayText += `${r.organizationId}\t${r.personId}\t${r.date}\t${r.status}\t${nul(r.reason)}\t${nul(r.lessonsScheduled)}\t${r.lessonsMissed}\t${r.lessonsUnexcused}\tГенератор\t${r.personId}:${r.date}\t${batch}\n`;
        days++;
      }
      for (const m of learnerMarks(seed, l, shape)) {
        markText += `${m.organizationId}\t${m.personId}\t${year}\tperiod\tquarter\t${m.periodNumber}\t${m.subject}\tfive_point\t${m.grade}\t${m.gradedOn}\tГенератор\t${m.personId}:q${m.periodNumber}:${m.subject}\t${batch}\n`;
        marks++;
      }
    }
    await pipeline(
      (async function* () {
        yield Buffer.from(dayText);
      })(),
      client.query(
        copyFrom(`COPY attendance_days (organization_id, person_id, date, status, reason, lessons_scheduled,
                    lessons_missed, lessons_unexcused, source_system, source_id, batch_id) FROM STDIN`),
      ),
    );
    if (markText)
      await pipeline(
        (async function* () {
          yield Buffer.from(markText);
        })(),
        client.query(
          copyFrom(`COPY learner_results (organization_id, person_id, academic_year, kind, period_type, period_number,
                      subject, scale, grade, graded_on, source_system, source_id, batch_id) FROM STDIN`),
        ),
      );
  }
  return { planted, days, marks };
}
