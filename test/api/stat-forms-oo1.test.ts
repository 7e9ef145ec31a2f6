import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, backdateEnd, programme } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * ОО-1, section 2.1.1 (classes and their learners by class type and grade, on 20 September) computed from
 * a small school world and compared, cell by cell, with hand-written SQL sharing nothing with the
 * implementation: enrollment dates instead of status periods, the placement in force spelled out (the form
 * counts learners «по спискам классов», whatever programme record an enrollment carries), the class types
 * and grades written again, classes counted as the distinct classes of the counted learners.
 */

const FORM = '/api/v1/stat-forms/oo-1/editions/2024';
const DATES = ['2023-09-20', '2024-09-20', '2025-09-20'];

const TYPES: Record<string, string> = {
  '01': 'general',
  '02': 'general',
  '03': 'advanced',
  '04': 'advanced',
  '05': 'gymnasium',
  '06': 'gymnasium',
  '07': 'lyceum',
  '08': 'lyceum',
  '09': 'profile',
  '10': 'profile',
};
const CLASS_ROWS = new Set(['01', '03', '05', '07', '09']);
const GRADE_OF_COLUMN = (column: string) => (column === '3' ? null : Number(column) - 3);

let s: TestServer;
let schoolA: string;
let schoolB: string;
let kindergarten: string;
let regional: TestUser;
let adminA: TestUser;
let analyst: TestUser;
const learner: Record<string, string> = {};

async function handCell(orgs: string[], asOf: string, row: string, column: string) {
  const grade = GRADE_OF_COLUMN(column);
  const counted = CLASS_ROWS.has(row) ? 'u.id' : 'p.id';
  const r = await s.owner.query(
    `SELECT count(DISTINCT ${counted})::int AS n
       FROM persons p
       JOIN enrollments e ON e.person_id = p.id
       JOIN organizations o ON o.id = e.organization_id
       JOIN placements pl ON pl.enrollment_id = e.id
       JOIN units u ON u.id = pl.unit_id
      WHERE o.id = ANY ($2::uuid[]) AND o.kind = 'school' AND p.status = 'active'
        AND coalesce(e.education_form, 'full_time') NOT IN ('family', 'self')
        AND e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
        AND pl.valid_from <= $1::date AND (pl.valid_to IS NULL OR pl.valid_to > $1::date)
        AND u.kind = 'class' AND u.class_type = $3 AND ($4::int IS NULL OR u.grade = $4::int)`,
    [asOf, orgs, TYPES[row], grade],
  );
  return r.rows[0].n as number;
}

type Report = {
  asOf: string;
  sections: { code: string; cells: { row: string; column: string; value: number }[] }[];
  controlFailures: { control: string }[];
};

async function report(u: TestUser, query: string) {
  const res = await s.app.inject({ method: 'GET', url: `${FORM}/report?${query}`, headers: u.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
}

const cellsOf = (r: Report) => new Map(r.sections[0]!.cells.map((c) => [`${c.row}:${c.column}`, c.value]));

async function expectEveryCellByHand(r: Report, orgs: string[], asOf: string) {
  const mismatches: string[] = [];
  for (const c of r.sections[0]!.cells) {
    const want = await handCell(orgs, asOf, c.row, c.column);
    if (want !== c.value) mismatches.push(`${asOf} ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
  }
  expect(mismatches).toEqual([]);
}

type Class = { name: string; grade: number; type: string; profile?: string };

async function classOf(org: string, year: string, c: Class) {
  const r = await s.owner.query(
    `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity, class_type, profile_name)
     VALUES ($1, $2, 'class', $3, $4, $5, 25, $6, $7) RETURNING id`,
    [org, year, c.name, c.grade, c.name.slice(-1), c.type, c.profile ?? null],
  );
  return r.rows[0].id as string;
}

type Pupil = {
  key: string;
  org: () => string;
  level: 'noo' | 'ooo' | 'soo';
  from: string;
  to: string | null;
  form?: string;
  placements: { unit: () => string; from: string; to: string | null }[];
};

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  schoolA = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  schoolB = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  kindergarten = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', schoolA);
  analyst = await buildUser(s, 'analyst', region);

  const prog = {
    noo: await programme(s, schoolA, 'noo'),
    ooo: await programme(s, schoolA, 'ooo'),
    soo: await programme(s, schoolA, 'soo'),
    nooB: await programme(s, schoolB, 'noo'),
  };
  const y23 = await academicYear(s, '2023-09-01');
  const y24 = await academicYear(s, '2024-09-01');
  const c = {
    a1: await classOf(schoolA, y23, { name: '1А', grade: 1, type: 'general' }),
    a2: await classOf(schoolA, y24, { name: '2А', grade: 2, type: 'general' }),
    a2b: await classOf(schoolA, y24, { name: '2Б', grade: 2, type: 'advanced' }),
    a5: await classOf(schoolA, y23, { name: '5Г', grade: 5, type: 'gymnasium' }),
    a6: await classOf(schoolA, y24, { name: '6Г', grade: 6, type: 'gymnasium' }),
    a10: await classOf(schoolA, y23, { name: '10Л', grade: 10, type: 'lyceum' }),
    a11: await classOf(schoolA, y24, { name: '11П', grade: 11, type: 'profile', profile: 'технологический' }),
    b1: await classOf(schoolB, y24, { name: '1А', grade: 1, type: 'general' }),
  };
  const inA = () => schoolA;
  const PUPILS: Pupil[] = [
    // Moves up a class each September.
    {
      key: 'steady',
      org: inA,
      level: 'noo',
      from: '2023-09-01',
      to: null,
      placements: [
        { unit: () => c.a1, from: '2023-09-01', to: '2024-09-01' },
        { unit: () => c.a2, from: '2024-09-01', to: null },
      ],
    },
    // Changes class in the middle of September 2024: on the 20th she is in 2Б.
    {
      key: 'switched',
      org: inA,
      level: 'noo',
      from: '2023-09-01',
      to: null,
      placements: [
        { unit: () => c.a1, from: '2023-09-01', to: '2024-09-01' },
        { unit: () => c.a2, from: '2024-09-01', to: '2024-09-10' },
        { unit: () => c.a2b, from: '2024-09-10', to: null },
      ],
    },
    {
      key: 'gymnasium',
      org: inA,
      level: 'ooo',
      from: '2023-09-01',
      to: null,
      placements: [
        { unit: () => c.a5, from: '2023-09-01', to: '2024-09-01' },
        { unit: () => c.a6, from: '2024-09-01', to: null },
      ],
    },
    // Family education: attached to the school, not counted in its classes.
    {
      key: 'family',
      org: inA,
      level: 'ooo',
      from: '2023-09-01',
      to: null,
      form: 'family',
      placements: [{ unit: () => c.a5, from: '2023-09-01', to: null }],
    },
    // Leaves on 1 February 2025 — until a correction says he left on 1 June 2024.
    {
      key: 'corrected',
      org: inA,
      level: 'soo',
      from: '2023-09-01',
      to: '2025-02-01',
      placements: [
        { unit: () => c.a10, from: '2023-09-01', to: '2024-09-01' },
        { unit: () => c.a11, from: '2024-09-01', to: '2025-02-01' },
      ],
    },
    {
      key: 'profile',
      org: inA,
      level: 'soo',
      from: '2024-09-01',
      to: null,
      placements: [{ unit: () => c.a11, from: '2024-09-01', to: null }],
    },
    // Enrolled without a class on the 20th: no class, so not in 2.1.1.
    { key: 'unplaced', org: inA, level: 'noo', from: '2024-09-01', to: null, placements: [] },
    {
      key: 'otherSchool',
      org: () => schoolB,
      level: 'noo',
      from: '2024-09-01',
      to: null,
      placements: [{ unit: () => c.b1, from: '2024-09-01', to: null }],
    },
  ];
  let n = 0;
  for (const pupil of PUPILS) {
    n++;
    const p = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
       VALUES ($1, $2, 'Тестович', '2014-04-04', $3) RETURNING id`,
      [`Классов${n}`, pupil.key, n % 2 ? 'male' : 'female'],
    );
    learner[pupil.key] = p.rows[0].id;
    const programmeId = pupil.org() === schoolB ? prog.nooB : prog[pupil.level];
    const e = await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, ended_on, education_form)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [learner[pupil.key], pupil.org(), programmeId, pupil.from, pupil.to, pupil.form ?? 'full_time'],
    );
    for (const pl of pupil.placements)
      await s.owner.query(
        `INSERT INTO placements (enrollment_id, unit_id, valid_from, valid_to) VALUES ($1, $2, $3, $4)`,
        [e.rows[0].id, pl.unit(), pl.from, pl.to],
      );
  }
});
afterAll(() => s.stop());

/** The later correction: «corrected» left on 1 June 2024, not on 1 February 2025. */
async function backdateExit() {
  const [e] = (await s.owner.query(`SELECT id FROM enrollments WHERE person_id = $1`, [learner.corrected]))
    .rows;
  await s.owner.query(`DELETE FROM placements WHERE enrollment_id = $1 AND valid_from = '2024-09-01'`, [
    e.id,
  ]);
  await s.owner.query(`UPDATE placements SET valid_to = '2024-06-01' WHERE enrollment_id = $1`, [e.id]);
  await backdateEnd(s, learner.corrected!, '2024-06-01');
}

describe('ОО-1 section 2.1.1 computed from the dated history', () => {
  it('equals the hand-written SQL in every cell on three dates, before and after a backdated exit', async () => {
    const before = new Map<string, Map<string, number>>();
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${schoolA}&asOf=${asOf}`);
      expect(r.controlFailures).toEqual([]);
      await expectEveryCellByHand(r, [schoolA], asOf);
      before.set(asOf, cellsOf(r));
    }
    // Not a trivial world: on 20 September 2024 — 2А (1 pupil), 2Б (1), 6Г (1), 11П (2).
    const sept24 = before.get('2024-09-20')!;
    expect([sept24.get('01:3'), sept24.get('02:3'), sept24.get('02:5')]).toEqual([1, 1, 1]);
    expect([sept24.get('03:5'), sept24.get('04:5')]).toEqual([1, 1]);
    expect([sept24.get('09:14'), sept24.get('10:14')]).toEqual([1, 2]);
    expect(sept24.get('06:3')).toBe(1);

    await backdateExit();
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${schoolA}&asOf=${asOf}`);
      await expectEveryCellByHand(r, [schoolA], asOf);
    }
    const after = cellsOf(await report(regional, `organizationId=${schoolA}&asOf=2024-09-20`));
    expect(after.get('10:14')).toBe(1);
    expect(cellsOf(await report(regional, `organizationId=${schoolA}&asOf=2023-09-20`))).toEqual(
      before.get('2023-09-20'),
    );
  });

  it('a kindergarten has no classes in ОО-1, and a municipality counts both schools', async () => {
    const k = cellsOf(await report(regional, `organizationId=${kindergarten}&asOf=2024-09-20`));
    expect([...k.values()].every((v) => v === 0)).toBe(true);
    const mun = (await s.owner.query(`SELECT territory_id FROM organizations WHERE id = $1`, [schoolA]))
      .rows[0].territory_id as string;
    const r = await report(regional, `territoryId=${mun}&asOf=2024-09-20`);
    await expectEveryCellByHand(r, [schoolA, schoolB], '2024-09-20');
    expect(cellsOf(r).get('01:4')).toBe(1);
  });

  it('a class cell opens its classes, with the learners it counts; a learner cell opens its learners', async () => {
    const units = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/09/14/units?organizationId=${schoolA}&asOf=2024-09-20`,
      headers: analyst.headers,
    });
    expect(units.statusCode, units.body).toBe(200);
    expect(
      units.json().items.map((i: { unitName: string; learners: number }) => [i.unitName, i.learners]),
    ).toEqual([['11П', 1]]);
    const refused = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/09/14/learners?organizationId=${schoolA}&asOf=2024-09-20`,
      headers: adminA.headers,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ path: 'params.row', code: 'counts_units' });
    const learners = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/04/5/learners?organizationId=${schoolA}&asOf=2024-09-20`,
      headers: adminA.headers,
    });
    expect(learners.statusCode, learners.body).toBe(200);
    expect(learners.json().items.map((i: { personId: string }) => i.personId)).toEqual([learner.switched]);
  });

  it('the units of a cell: another school is 404, forged cursors and unknown cells are problems, never 500', async () => {
    const get = (url: string, u: TestUser = adminA) =>
      s.app.inject({ method: 'GET', url: `${FORM}/${url}`, headers: u.headers });
    const other = await get(`cells/09/14/units?organizationId=${schoolB}&asOf=2024-09-20`);
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    const own = await get(`cells/09/14/units?organizationId=${schoolA.toUpperCase()}&asOf=2024-09-20`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().totalCount).toBe(1);
    const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const cursor of [
      forged(['a\u0000b', '00000000-0000-0000-0000-000000000000']),
      forged(['a', '------------------------------------']),
      forged(['a']),
      'not a cursor',
    ]) {
      const res = await get(
        `cells/09/14/units?organizationId=${schoolA}&asOf=2024-09-20&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(res.statusCode, `${cursor}: ${res.body}`).toBe(400);
      expect(res.json().errors[0].path).toBe('query.cursor');
    }
    for (const url of [
      `cells/99/14/units?organizationId=${schoolA}`,
      `cells/09/99/units?organizationId=${schoolA}`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
    }
    const future = await get(`cells/09/14/units?organizationId=${schoolA}&asOf=2999-09-20`);
    expect(future.statusCode).toBe(400);
  });
});
