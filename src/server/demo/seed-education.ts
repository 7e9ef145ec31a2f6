import type pg from 'pg';

/** The academic year a date falls in: from 1 September. */
export const yearStartOf = (today: string) => {
  const y = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= 9 ? y : y - 1;
};

/**
 * The demo school and kindergarten get the previous and the current academic year, their programmes,
 * classes and groups, and their current learners placed by age, so the «Классы и группы» screens open
 * on real lists. This year's units are copies of last year's, as the copy action would have made them.
 * Idempotent: an organization that already has units is left alone.
 */
export async function seedEducation(
  client: pg.Client,
  organizations: { school: string; preschool: string },
  today: string,
) {
  const cur = yearStartOf(today);
  const years: { id: string; start: number }[] = [];
  for (const start of [cur - 1, cur]) {
    await client.query(
      `INSERT INTO academic_years (starts_on, ends_on) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [`${start}-09-01`, `${start + 1}-08-31`],
    );
    const r = await client.query<{ id: string }>(`SELECT id FROM academic_years WHERE starts_on = $1`, [
      `${start}-09-01`,
    ]);
    years.push({ id: r.rows[0]!.id, start });
  }
  const has = await client.query(`SELECT 1 FROM units WHERE organization_id = ANY($1::uuid[]) LIMIT 1`, [
    [organizations.school, organizations.preschool],
  ]);
  if (has.rowCount) return;
  const programme = async (
    org: string,
    name: string,
    level: string,
    months: number,
    extra: Record<string, string> = {},
  ) => {
    const r = await client.query<{ id: string }>(
      `INSERT INTO education_programmes (organization_id, name, level, duration_months, focus, additional_kind)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [org, name, level, months, extra.focus ?? null, extra.additionalKind ?? null],
    );
    return r.rows[0]!.id;
  };
  const school = organizations.school;
  const byLevel: Record<string, string> = {
    noo: await programme(school, 'Основная образовательная программа НОО', 'noo', 48),
    ooo: await programme(school, 'Основная образовательная программа ООО', 'ooo', 60),
    soo: await programme(school, 'Основная образовательная программа СОО', 'soo', 24),
  };
  const robotics = await programme(school, 'Робототехника', 'additional', 9, {
    focus: 'technical',
    additionalKind: 'general_developing',
  });
  const preschoolProgramme = await programme(
    organizations.preschool,
    'Образовательная программа дошкольного образования',
    'preschool',
    72,
  );
  const levelOf = (g: number) => (g <= 4 ? 'noo' : g <= 9 ? 'ooo' : 'soo');
  const GROUPS = [
    { name: 'Ясельная группа «Капелька»', from: 1, to: 3 },
    { name: 'Младшая группа «Солнышко»', from: 3, to: 4 },
    { name: 'Средняя группа «Звездочка»', from: 4, to: 5 },
    { name: 'Старшая группа «Радуга»', from: 5, to: 6 },
    { name: 'Подготовительная группа «Улыбка»', from: 6, to: 8 },
  ];
  for (const [i, y] of years.entries()) {
    const prev = i > 0 ? years[i - 1]! : null;
    for (let grade = 1; grade <= 11; grade++) {
      for (const letter of grade <= 9 ? ['А', 'Б'] : ['А']) {
        await client.query(
          `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, class_type, profile_name,
             shift, teaching_language, programme_id, capacity, copied_from_unit_id)
           VALUES ($1, $2, 'class', $3, $4::int, $5::text, $6, $7, $8, 'русский', $9, 25,
             (SELECT id FROM units WHERE organization_id = $1 AND academic_year_id = $10 AND grade = $4::int - 1
                AND letter = $5::text AND kind = 'class'))`,
          [
            school,
            y.id,
            `${grade}${letter}`,
            grade,
            letter,
            grade >= 10 ? 'profile' : 'general',
            grade >= 10 ? 'Естественно-научный' : null,
            grade === 6 || grade === 7 ? 2 : 1,
            byLevel[levelOf(grade)],
            prev?.id ?? null,
          ],
        );
      }
    }
    await client.query(
      `INSERT INTO units (organization_id, academic_year_id, kind, name, programme_id, capacity, copied_from_unit_id)
       VALUES ($1, $2, 'association', 'Робототехника', $3, 15,
         (SELECT id FROM units WHERE organization_id = $1 AND academic_year_id = $4 AND kind = 'association'))`,
      [school, y.id, robotics, prev?.id ?? null],
    );
    for (const g of GROUPS) {
      await client.query(
        `INSERT INTO units (organization_id, academic_year_id, kind, name, age_from, age_to, group_focus, stay_mode,
           programme_id, capacity, copied_from_unit_id)
         VALUES ($1, $2, 'group', $3, $4, $5, 'general', 'full', $6, 20,
           (SELECT id FROM units WHERE organization_id = $1 AND academic_year_id = $7 AND name = $3))`,
        [organizations.preschool, y.id, g.name, g.from, g.to, preschoolProgramme, prev?.id ?? null],
      );
    }
  }
  // Learners placed by age: a school learner born in year B is in grade (start − B − 6) that year, the
  // letter from their id; a kindergarten child in the group of their age on 1 September.
  for (const y of years) {
    const from = `${y.start}-09-01`;
    const to = `${y.start + 1}-09-01`;
    await client.query(
      `INSERT INTO placements (enrollment_id, unit_id, valid_from, valid_to)
       SELECT e.id, u.id, greatest(e.started_on, $3::date),
              CASE WHEN $4::date <= $5::date THEN $4::date END
         FROM enrollments e JOIN persons p ON p.id = e.person_id
         JOIN units u ON u.organization_id = e.organization_id AND u.academic_year_id = $2 AND u.kind = 'class'
          AND u.grade = $6 - extract(year FROM p.birth_date)::int - 6
          AND u.letter = CASE WHEN u.grade >= 10 OR get_byte(decode(md5(e.id::text), 'hex'), 0) % 2 = 0
                              THEN 'А' ELSE 'Б' END
        WHERE e.organization_id = $1 AND e.ended_on IS NULL AND e.started_on < $4::date`,
      [school, y.id, from, to, today, y.start],
    );
    await client.query(
      `INSERT INTO placements (enrollment_id, unit_id, valid_from, valid_to)
       SELECT e.id, u.id, greatest(e.started_on, $3::date), CASE WHEN $4::date <= $5::date THEN $4::date END
         FROM enrollments e JOIN persons p ON p.id = e.person_id
         JOIN LATERAL (SELECT u.id FROM units u WHERE u.organization_id = e.organization_id
             AND u.academic_year_id = $2 AND u.kind = 'group'
             AND extract(year FROM age($3::date, p.birth_date)) >= u.age_from
             AND extract(year FROM age($3::date, p.birth_date)) < u.age_to
           ORDER BY u.age_from LIMIT 1) u ON true
        WHERE e.organization_id = $1 AND e.ended_on IS NULL AND e.started_on < $4::date`,
      [organizations.preschool, y.id, from, to, today],
    );
  }
}
