import type pg from 'pg';
import { OKSO_SPO } from '../../common/education-dictionary.ts';

/** What the demo colleges teach: a profession (ППКРС) and specialties (ППССЗ) after 9 or 11 classes. */
const PROGRAMMES = [
  { okso: '09.02.07', type: 'specialist', base: 9, months: 46, qualification: 'Программист' },
  { okso: '09.02.07', type: 'specialist', base: 11, months: 34, qualification: 'Программист' },
  { okso: '15.01.05', type: 'skilled_worker', base: 9, months: 34, qualification: 'Сварщик' },
  { okso: '38.02.01', type: 'specialist', base: 11, months: 22, qualification: 'Бухгалтер' },
  { okso: '34.02.01', type: 'specialist', base: 9, months: 46, qualification: 'Медицинская сестра' },
] as const;

/**
 * The demo region's colleges get their СПО programmes, and each current student one of them (after 9
 * or 11 classes by the age they entered at), a form of study and a funding source, so СПО-1 lists
 * professions and specialties. Idempotent: a college that already has a СПО programme is left alone.
 */
export async function seedColleges(client: pg.Client) {
  const colleges = await client.query<{ id: string }>(
    `SELECT o.id FROM organizations o WHERE o.kind = 'vocational'
        AND NOT EXISTS (SELECT 1 FROM education_programmes ep WHERE ep.organization_id = o.id AND ep.level = 'spo')
      ORDER BY o.id`,
  );
  for (const [i, college] of colleges.rows.entries()) {
    // Every college teaches programming; the others take turns.
    const taught = [PROGRAMMES[0], PROGRAMMES[1], PROGRAMMES[2 + (i % 3)]!];
    const ids: { id: string; base: number }[] = [];
    for (const p of taught) {
      const r = await client.query<{ id: string }>(
        `INSERT INTO education_programmes (organization_id, name, level, duration_months, spo_type, okso_code,
           qualification, base_grade)
         VALUES ($1, $2, 'spo', $3, $4, $5, $6, $7) RETURNING id`,
        [college.id, `${p.okso} ${OKSO_SPO.get(p.okso)}`, p.months, p.type, p.okso, p.qualification, p.base],
      );
      ids.push({ id: r.rows[0]!.id, base: p.base });
    }
    const after9 = ids.filter((p) => p.base === 9).map((p) => p.id);
    const after11 = ids.filter((p) => p.base === 11).map((p) => p.id);
    await client.query(
      `WITH h AS (
         SELECT e.id, get_byte(decode(md5(e.id::text), 'hex'), 0) AS v,
                date_part('year', age(e.started_on, p.birth_date)) < 16 AS after9
           FROM enrollments e JOIN persons p ON p.id = e.person_id
          WHERE e.organization_id = $1 AND e.programme_id IS NULL)
       UPDATE enrollments e
          SET programme_id = CASE WHEN h.after9 THEN ($2::uuid[])[1 + h.v % cardinality($2::uuid[])]
                                  ELSE ($3::uuid[])[1 + h.v % cardinality($3::uuid[])] END,
              education_form = CASE WHEN h.v % 10 = 0 AND NOT h.after9 THEN 'extramural' ELSE 'full_time' END,
              funding = CASE WHEN h.v % 7 = 0 THEN 'contract' ELSE 'budget' END
         FROM h WHERE h.id = e.id`,
      [college.id, after9, after11],
    );
  }
}
