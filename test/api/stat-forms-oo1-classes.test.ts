import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, backdateEnd } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * ОО-1 sections 2.1.3 and 2.14. 2.1.3: classes for learners with intellectual disabilities and their learners on
 * 20 September, by the normative duration of the adapted programme (9 … 13 years) and by grade, the
 * first grade split into its first year and the «1 дополнительный» class (grade 0). Every cell compared
 * with hand-written SQL on three dates, before and after a backdated exit; the drill-down lists what a
 * cell counts; a class of grade 0 must be of that type. 2.14: the class lists' learners by the class's
 * language of teaching (as written: «Русский » is Russian, an empty one is not stated) and by stage.
 */

const FORM = '/api/v1/stat-forms/oo-1/editions/2024';
const DATES = ['2023-09-20', '2024-09-20', '2025-09-20'];

/** Row → [normative years, counts classes]. */
const ROWS: Record<string, [number, boolean]> = {};
[9, 10, 11, 12, 13].forEach((years, i) => {
  ROWS[`2.1.3.${String(2 * i + 1).padStart(2, '0')}`] = [years, true];
  ROWS[`2.1.3.${String(2 * i + 2).padStart(2, '0')}`] = [years, false];
});
/** Column → the grades it counts (null: all). */
const GRADES = (column: string): number[] | null => {
  const c = Number(column);
  if (c === 3) return null;
  if (c === 4) return [0, 1];
  if (c === 5) return [1];
  if (c === 6) return [0];
  return [c - 5];
};

let s: TestServer;
let schoolA: string;
let schoolB: string;
let regional: TestUser;
let adminA: TestUser;
let adminB: TestUser;
const learner: Record<string, string> = {};
const klass: Record<string, string> = {};

async function handCell(orgs: string[], asOf: string, row: string, column: string) {
  const [years, classes] = ROWS[row]!;
  const r = await s.owner.query(
    `SELECT count(DISTINCT ${classes ? 'u.id' : 'p.id'})::int AS n
       FROM persons p
       JOIN enrollments e ON e.person_id = p.id
       JOIN organizations o ON o.id = e.organization_id
       JOIN education_programmes ep ON ep.id = e.programme_id
       JOIN placements pl ON pl.enrollment_id = e.id
       JOIN units u ON u.id = pl.unit_id
      WHERE o.id = ANY ($2::uuid[]) AND o.kind = 'school' AND p.status = 'active'
        AND coalesce(e.education_form, 'full_time') NOT IN ('family', 'self')
        AND e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
        AND pl.valid_from <= $1::date AND (pl.valid_to IS NULL OR pl.valid_to > $1::date)
        AND u.kind = 'class' AND u.class_type = 'intellectual_disability'
        AND ep.duration_months = $3::int * 12
        AND ($4::int[] IS NULL OR u.grade = ANY ($4::int[]))`,
    [asOf, orgs, years, GRADES(column)],
  );
  return r.rows[0].n as number;
}

const LANGUAGE: Record<string, string | null> = {
  '2.14.01': null,
  '2.14.02': 'russian',
  '2.14.03': 'other',
  '2.14.04': 'unspecified',
};
const STAGE: Record<string, number[] | null> = {
  '3': null,
  '4': [0, 1, 2, 3, 4],
  '5': [5, 6, 7, 8, 9],
  '6': [10, 11, 12],
};

async function handLanguageCell(orgs: string[], asOf: string, row: string, column: string) {
  const r = await s.owner.query(
    `SELECT count(DISTINCT p.id)::int AS n
       FROM persons p
       JOIN enrollments e ON e.person_id = p.id
       JOIN organizations o ON o.id = e.organization_id
       JOIN placements pl ON pl.enrollment_id = e.id
       JOIN units u ON u.id = pl.unit_id
      WHERE o.id = ANY ($2::uuid[]) AND o.kind = 'school' AND p.status = 'active'
        AND coalesce(e.education_form, 'full_time') NOT IN ('family', 'self')
        AND e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
        AND pl.valid_from <= $1::date AND (pl.valid_to IS NULL OR pl.valid_to > $1::date)
        AND u.kind = 'class'
        AND ($3::text IS NULL OR $3::text = CASE
              WHEN u.teaching_language IS NULL OR trim(u.teaching_language) = '' THEN 'unspecified'
              WHEN upper(trim(u.teaching_language)) IN ('РУССКИЙ', 'РУССКИЙ ЯЗЫК') THEN 'russian'
              ELSE 'other' END)
        AND ($4::int[] IS NULL OR u.grade = ANY ($4::int[]))`,
    [asOf, orgs, LANGUAGE[row], STAGE[column]],
  );
  return r.rows[0].n as number;
}

type Cell = { row: string; column: string; value: number };
type Report = {
  sections: { code: string; cells: Cell[] }[];
  controlFailures: { section: string; control: string }[];
};

async function report(u: TestUser, query: string): Promise<Report> {
  const res = await s.app.inject({ method: 'GET', url: `${FORM}/report?${query}`, headers: u.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const section = (r: Report) => r.sections.find((x) => x.code === '2.1.3')!;

async function expectEveryCellByHand(r: Report, orgs: string[], asOf: string) {
  const cells = section(r).cells;
  expect(cells).toHaveLength(10 * 15);
  const mismatches: string[] = [];
  for (const c of cells) {
    const want = await handCell(orgs, asOf, c.row, c.column);
    if (want !== c.value) mismatches.push(`${asOf} ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
  }
  expect(mismatches).toEqual([]);
}

async function adapted(org: string, years: number) {
  const r = await s.owner.query(
    `INSERT INTO education_programmes (organization_id, name, level, duration_months, adapted)
     VALUES ($1, $2, 'noo', $3, true) RETURNING id`,
    [org, `АООП УО (${years} лет)`, years * 12],
  );
  return r.rows[0].id as string;
}

async function classOf(
  org: string,
  year: string,
  name: string,
  grade: number,
  type = 'intellectual_disability',
) {
  const r = await s.owner.query(
    `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity, class_type)
     VALUES ($1, $2, 'class', $3, $4, $5, 12, $6) RETURNING id`,
    [org, year, name, grade, name.slice(-1), type],
  );
  return r.rows[0].id as string;
}

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  schoolA = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  schoolB = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', schoolA);
  adminB = await buildUser(s, 'org_admin', schoolB);
  const y23 = await academicYear(s, '2023-09-01');
  const languages = async () => {
    const set = async (unit: string, language: string | null) =>
      s.owner.query(`UPDATE units SET teaching_language = $2 WHERE id = $1`, [unit, language]);
    await set(klass.five23!, 'Бурятский');
    await set(klass.six24!, ' Русский ');
    await set(klass.first24!, 'русский');
    await set(klass.second25!, 'русский язык');
    await set(klass.general24!, null);
    await set(klass.dop23!, 'бурятский');
    await set(klass.twelve24!, 'русский');
    await set(klass.b24!, 'Якутский');
  };
  const y24 = await academicYear(s, '2024-09-01');
  const y25 = await academicYear(s, '2025-09-01');
  const p9 = await adapted(schoolA, 9);
  const p10 = await adapted(schoolA, 10);
  const p13 = await adapted(schoolA, 13);
  const pB = await adapted(schoolB, 9);
  klass.dop23 = await classOf(schoolA, y23, '1допА', 0);
  klass.first24 = await classOf(schoolA, y24, '1А', 1);
  klass.second25 = await classOf(schoolA, y25, '2А', 2);
  klass.five23 = await classOf(schoolA, y23, '5В', 5);
  klass.six24 = await classOf(schoolA, y24, '6В', 6);
  klass.twelve24 = await classOf(schoolA, y24, '12К', 12);
  klass.general24 = await classOf(schoolA, y24, '6Б', 6, 'general');
  klass.b24 = await classOf(schoolB, y24, '3А', 3);
  await languages();
  type Pupil = {
    key: string;
    org: string;
    prog: string;
    from: string;
    to: string | null;
    form?: string;
    placements: [string, string, string | null][];
  };
  const PUPILS: Pupil[] = [
    // «1 дополнительный» in 2023, then the first grade, then the second: a 10-year programme.
    {
      key: 'dop',
      org: schoolA,
      prog: p10,
      from: '2023-09-01',
      to: null,
      placements: [
        [klass.dop23, '2023-09-01', '2024-09-01'],
        [klass.first24, '2024-09-01', '2025-09-01'],
        [klass.second25, '2025-09-01', null],
      ],
    },
    {
      key: 'nine',
      org: schoolA,
      prog: p9,
      from: '2023-09-01',
      to: null,
      placements: [
        [klass.five23, '2023-09-01', '2024-09-01'],
        [klass.six24, '2024-09-01', null],
      ],
    },
    // Leaves on 1 February 2025 — until a correction says she left on 1 June 2024.
    {
      key: 'corrected',
      org: schoolA,
      prog: p9,
      from: '2023-09-01',
      to: '2025-02-01',
      placements: [
        [klass.five23, '2023-09-01', '2024-09-01'],
        [klass.six24, '2024-09-01', '2025-02-01'],
      ],
    },
    {
      key: 'thirteen',
      org: schoolA,
      prog: p13,
      from: '2024-09-01',
      to: null,
      placements: [[klass.twelve24, '2024-09-01', null]],
    },
    // Family education: not in the class lists.
    {
      key: 'family',
      org: schoolA,
      prog: p9,
      from: '2024-09-01',
      to: null,
      form: 'family',
      placements: [[klass.six24, '2024-09-01', null]],
    },
    // An adapted programme in a general class: not section 2.1.3.
    {
      key: 'general',
      org: schoolA,
      prog: p9,
      from: '2024-09-01',
      to: null,
      placements: [[klass.general24, '2024-09-01', null]],
    },
    {
      key: 'otherSchool',
      org: schoolB,
      prog: pB,
      from: '2024-09-01',
      to: null,
      placements: [[klass.b24, '2024-09-01', null]],
    },
  ];
  let n = 0;
  for (const pupil of PUPILS) {
    n++;
    const p = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
       VALUES ($1, $2, 'Тестович', '2015-04-04', $3) RETURNING id`,
      [`Адаптов${n}`, pupil.key, n % 2 ? 'male' : 'female'],
    );
    learner[pupil.key] = p.rows[0].id;
    const e = await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, ended_on, education_form)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [p.rows[0].id, pupil.org, pupil.prog, pupil.from, pupil.to, pupil.form ?? 'full_time'],
    );
    for (const [unit, from, to] of pupil.placements)
      await s.owner.query(
        `INSERT INTO placements (enrollment_id, unit_id, valid_from, valid_to) VALUES ($1, $2, $3, $4)`,
        [e.rows[0].id, unit, from, to],
      );
  }
});
afterAll(() => s.stop());

describe('ОО-1 section 2.1.3: classes for intellectual disabilities', () => {
  it('equals the hand-written SQL in every cell on three dates, before and after a backdated exit', async () => {
    const before = new Map<string, Map<string, number>>();
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${schoolA}&asOf=${asOf}`);
      expect(r.controlFailures.filter((f) => f.section === '2.1.3')).toEqual([]);
      await expectEveryCellByHand(r, [schoolA], asOf);
      before.set(asOf, new Map(section(r).cells.map((c) => [`${c.row}:${c.column}`, c.value])));
    }
    // 2024: the 10-year programme's learner in the first grade, the 9-year class 6В with two learners,
    // the 13-year programme's 12th grade; in 2023 the same learner was in «1 дополнительный».
    const y24 = before.get('2024-09-20')!;
    expect([y24.get('2.1.3.03:4'), y24.get('2.1.3.04:5'), y24.get('2.1.3.04:6')]).toEqual([1, 1, 0]);
    expect([y24.get('2.1.3.01:11'), y24.get('2.1.3.02:11'), y24.get('2.1.3.10:17')]).toEqual([1, 2, 1]);
    const y23 = before.get('2023-09-20')!;
    expect([y23.get('2.1.3.04:4'), y23.get('2.1.3.04:6'), y23.get('2.1.3.04:5')]).toEqual([1, 1, 0]);

    await backdateEnd(s, learner.corrected!, '2024-06-01');
    await s.owner.query(
      `DELETE FROM placements WHERE unit_id = $1 AND enrollment_id = (SELECT id FROM enrollments WHERE person_id = $2)`,
      [klass.six24, learner.corrected],
    );
    await s.owner.query(
      `UPDATE placements SET valid_to = '2024-06-01' WHERE enrollment_id = (SELECT id FROM enrollments WHERE person_id = $1)`,
      [learner.corrected],
    );
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${schoolA}&asOf=${asOf}`);
      await expectEveryCellByHand(r, [schoolA], asOf);
      const was = before.get(asOf)!.get('2.1.3.02:3')!;
      const now = section(r).cells.find((c) => c.row === '2.1.3.02' && c.column === '3')!.value;
      expect(now).toBe(asOf === '2024-09-20' ? was - 1 : was);
    }
  });

  it('a municipality counts both schools; another school’s admin is refused; the drill-down lists the class', async () => {
    const mun = (await s.owner.query(`SELECT territory_id FROM organizations WHERE id = $1`, [schoolA]))
      .rows[0].territory_id as string;
    const r = await report(regional, `territoryId=${mun}&asOf=2024-09-20`);
    await expectEveryCellByHand(r, [schoolA, schoolB], '2024-09-20');
    const foreign = await s.app.inject({
      method: 'GET',
      url: `${FORM}/report?organizationId=${schoolA}&asOf=2024-09-20`,
      headers: adminB.headers,
    });
    expect(foreign.statusCode).toBe(404);
    const units = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/2.1.3.03/4/units?organizationId=${schoolA}&asOf=2024-09-20`,
      headers: adminA.headers,
    });
    expect(units.statusCode, units.body).toBe(200);
    expect(units.json().items).toMatchObject([{ unitId: klass.first24, learners: 1 }]);
    const learners = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/2.1.3.04/6/learners?organizationId=${schoolA}&asOf=2023-09-20`,
      headers: adminA.headers,
    });
    expect(learners.statusCode, learners.body).toBe(200);
    expect(learners.json().items.map((i: { personId: string }) => i.personId)).toEqual([learner.dop]);
    const audit = await auditRows(s, `action = 'statForm.learners.read' AND actor_user_id = $1`, [adminA.id]);
    expect(audit.at(-1)).toMatchObject({ object_id: schoolA, outcome: 'success' });
  });

  it('2.14 by language of teaching equals the hand-written SQL on three dates and for the municipality', async () => {
    const mun = (await s.owner.query(`SELECT territory_id FROM organizations WHERE id = $1`, [schoolA]))
      .rows[0].territory_id as string;
    const seen = new Map<string, number>();
    for (const [query, orgs, asOf] of [
      ...DATES.map((d) => [`organizationId=${schoolA}`, [schoolA], d] as const),
      [`territoryId=${mun}`, [schoolA, schoolB], '2024-09-20'] as const,
    ]) {
      const r = await report(regional, `${query}&asOf=${asOf}`);
      expect(r.controlFailures).toEqual([]);
      const cells = r.sections.find((x) => x.code === '2.14')!.cells;
      expect(cells).toHaveLength(16);
      const mismatches: string[] = [];
      for (const c of cells) {
        const want = await handLanguageCell([...orgs], asOf, c.row, c.column);
        if (want !== c.value) mismatches.push(`${asOf} ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
        seen.set(`${query}|${asOf}|${c.row}:${c.column}`, c.value);
      }
      expect(mismatches).toEqual([]);
    }
    // On 20 September 2024 school A (after the backdated exit) has three learners in classes taught in
    // «русский» written in any case and spacing (1А, 6В, 12К) and one in a class with none stated (6Б);
    // in 2023, «бурятский» (1допА, grade 0, counted in 1–4; 5В with two).
    const at = (asOf: string, cell: string) => seen.get(`organizationId=${schoolA}|${asOf}|${cell}`);
    expect([
      at('2024-09-20', '2.14.02:3'),
      at('2024-09-20', '2.14.03:3'),
      at('2024-09-20', '2.14.04:3'),
    ]).toEqual([3, 0, 1]);
    expect([at('2023-09-20', '2.14.03:4'), at('2023-09-20', '2.14.03:5')]).toEqual([1, 2]);
  });

  it('a class of grade 0 («1 дополнительный») is only of the intellectual-disability type', async () => {
    const year = await academicYear(s, '2025-09-01');
    const post = (payload: object) =>
      s.app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${schoolA}/units`,
        headers: adminA.headers,
        payload,
      });
    const base = { academicYearId: year, kind: 'class', grade: 0, letter: 'Б', capacity: 10 };
    const wrong = await post(base);
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().errors).toContainEqual(expect.objectContaining({ code: 'additional_first_grade' }));
    const ok = await post({ ...base, classType: 'intellectual_disability' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ name: '1допБ', grade: 0 });
    const twelve = await post({ ...base, grade: 12, letter: 'В', classType: 'general' });
    expect(twelve.statusCode, twelve.body).toBe(201);
    const thirteen = await post({ ...base, grade: 13, classType: 'general' });
    expect(thirteen.statusCode).toBe(400);
  });
});
