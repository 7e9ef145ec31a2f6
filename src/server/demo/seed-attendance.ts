import type pg from 'pg';

/**
 * A school year so far of what an e-journal would have sent for the demo school and kindergarten: a
 * day per learner per weekday from 1 September to yesterday (most present, some ill, a few absent for
 * a valid reason or none), and first-quarter marks in four subjects for the school. Deterministic:
 * each day's outcome is a hash of the learner and the date, so a reseeded stand looks the same.
 */
export async function seedAttendance(client: pg.Client, organizationIds: string[], today: string) {
  const y = Number(today.slice(0, 4));
  const start = today.slice(5) >= '09-01' ? `${y}-09-01` : `${y - 1}-09-01`;
  const batch = '00000000-0000-4000-8000-00000000a77e';
  await client.query(
    `INSERT INTO attendance_days (organization_id, person_id, date, status, reason, lessons_scheduled,
                                  lessons_missed, lessons_unexcused, source_system, source_id, batch_id)
     SELECT e.organization_id, e.person_id, d::date,
            CASE WHEN h < 90 THEN 'present' ELSE 'absent' END,
            CASE WHEN h < 90 THEN NULL WHEN h < 95 THEN 'illness' WHEN h < 98 THEN 'valid' ELSE 'unexcused' END,
            CASE WHEN o.kind = 'school' THEN 6 END,
            CASE WHEN h < 90 OR o.kind <> 'school' THEN 0 ELSE 6 END,
            CASE WHEN h >= 98 AND o.kind = 'school' THEN 6 ELSE 0 END,
            'Демо-журнал', e.person_id || ':' || to_char(d, 'YYYY-MM-DD'), $3
       FROM enrollments e
       JOIN organizations o ON o.id = e.organization_id
      CROSS JOIN generate_series($2::date, $4::date - 1, interval '1 day') d
      CROSS JOIN LATERAL (SELECT abs(hashtext(e.person_id::text || d::date::text)) % 100 AS h) x
      WHERE e.organization_id = ANY($1::uuid[]) AND e.ended_on IS NULL AND e.started_on <= d::date
        AND extract(isodow FROM d) < 6
     ON CONFLICT DO NOTHING`,
    [organizationIds, start, batch, today],
  );
  const year = `${start.slice(0, 4)}/${Number(start.slice(0, 4)) + 1}`;
  // First-quarter marks once the quarter is over (it ends in late October).
  if (today < `${start.slice(0, 4)}-11-01`) return;
  await client.query(
    `INSERT INTO learner_results (organization_id, person_id, academic_year, kind, period_type, period_number,
                                  subject, scale, grade, graded_on, source_system, source_id, batch_id)
     SELECT e.organization_id, e.person_id, $2, 'period', 'quarter', 1, s, 'five_point',
            (3 + abs(hashtext(e.person_id::text || s)) % 3)::text, $3::date, 'Демо-журнал',
            e.person_id || ':q1:' || s, $4
       FROM enrollments e JOIN organizations o ON o.id = e.organization_id AND o.kind = 'school'
      CROSS JOIN unnest(ARRAY['Русский язык', 'Литература', 'Математика', 'Английский язык']) s
      WHERE e.organization_id = ANY($1::uuid[]) AND e.ended_on IS NULL
     ON CONFLICT DO NOTHING`,
    [organizationIds, year, `${start.slice(0, 4)}-10-27`, batch],
  );
}
