import type pg from 'pg';
import { yearStartOf } from './seed-education.ts';

/**
 * The region's other schools (those without classes in the demo): their НОО, ООО and СОО programmes,
 * and each learner enrolled in the one of the grade their birth year puts them in this academic year
 * (grade = year − birth year − 6, as the demo school's classes are filled), so the dashboards and the
 * lists show a level instead of «не указан». Idempotent: only enrollments without a programme change.
 */
export async function seedSchoolProgrammes(client: pg.Client, today: string) {
  const start = yearStartOf(today);
  await client.query(
    `WITH s AS (
       SELECT o.id FROM organizations o
        WHERE o.kind = 'school' AND NOT EXISTS (SELECT 1 FROM units u WHERE u.organization_id = o.id)
          AND EXISTS (SELECT 1 FROM enrollments e WHERE e.organization_id = o.id AND e.programme_id IS NULL)),
     lv(level, name, months) AS (VALUES
       ('noo', 'Основная образовательная программа НОО', 48),
       ('ooo', 'Основная образовательная программа ООО', 60),
       ('soo', 'Основная образовательная программа СОО', 24))
     INSERT INTO education_programmes (organization_id, name, level, duration_months)
     SELECT s.id, lv.name, lv.level, lv.months FROM s CROSS JOIN lv
      WHERE NOT EXISTS (SELECT 1 FROM education_programmes ep WHERE ep.organization_id = s.id AND ep.level = lv.level)`,
  );
  await client.query(
    `WITH g AS (
       SELECT e.id, e.organization_id,
              CASE WHEN $1::int - extract(year FROM p.birth_date)::int - 6 <= 4 THEN 'noo'
                   WHEN $1::int - extract(year FROM p.birth_date)::int - 6 <= 9 THEN 'ooo' ELSE 'soo' END AS level
         FROM enrollments e
         JOIN persons p ON p.id = e.person_id
         JOIN organizations o ON o.id = e.organization_id AND o.kind = 'school'
        WHERE e.programme_id IS NULL AND NOT EXISTS (SELECT 1 FROM units u WHERE u.organization_id = o.id)),
     one AS (
       SELECT DISTINCT ON (organization_id, level) organization_id, level, id
         FROM education_programmes ORDER BY organization_id, level, created_at, id)
     UPDATE enrollments e SET programme_id = one.id
       FROM g JOIN one ON one.organization_id = g.organization_id AND one.level = g.level
      WHERE e.id = g.id`,
    [start],
  );
}
