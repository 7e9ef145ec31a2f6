import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OKSO_SPO } from '../../src/common/education-dictionary.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { backdateEnd, programme } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * СПО-1 section 2.1 (admission, students on 1 October and graduation by profession and specialty)
 * computed from a small world of two colleges and compared, cell by cell, with hand-written SQL: the
 * enrollment's own dates for the stock and the year's flows, a graduation found as a graduation
 * movement of the enrollment, the listed rows as the ОКСО codes the hand query finds.
 */

const FORM = '/api/v1/stat-forms/spo-1/editions/2022';
const DATES = ['2023-10-01', '2024-10-01', '2025-10-01'];

const MEASURE: Record<string, string> = {
  stock: `e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)`,
  admitted: `e.started_on >= ($1::date - interval '1 year') AND e.started_on < $1::date`,
  graduated: `e.ended_on >= ($1::date - interval '1 year') AND e.ended_on < $1::date
    AND EXISTS (SELECT 1 FROM movements m WHERE m.enrollment_id = e.id AND m.kind = 'graduation')`,
};
const FORM_OF = `coalesce(e.education_form, 'full_time')`;
const COLUMNS: Record<string, [string, string]> = {
  '3': ['admitted', 'TRUE'],
  '4': ['admitted', 'ep.base_grade = 9'],
  '5': ['admitted', 'ep.base_grade = 11'],
  '6': ['admitted', `${FORM_OF} = 'full_time'`],
  '7': ['admitted', `${FORM_OF} = 'part_time'`],
  '8': ['admitted', `${FORM_OF} = 'extramural'`],
  '9': ['admitted', `e.funding = 'budget'`],
  '10': ['admitted', `e.funding = 'contract'`],
  '11': ['stock', 'TRUE'],
  '12': ['stock', 'ep.base_grade = 9'],
  '13': ['stock', 'ep.base_grade = 11'],
  '14': ['stock', `${FORM_OF} = 'full_time'`],
  '15': ['stock', `${FORM_OF} = 'part_time'`],
  '16': ['stock', `${FORM_OF} = 'extramural'`],
  '17': ['stock', `e.funding = 'budget'`],
  '18': ['stock', `e.funding = 'contract'`],
  '19': ['stock', `p.sex = 'female'`],
  '20': ['graduated', 'TRUE'],
  '21': ['graduated', `${FORM_OF} = 'full_time'`],
  '22': ['graduated', `e.funding = 'budget'`],
  '23': ['graduated', `e.funding = 'contract'`],
};
const ROW = (row: string) =>
  row === '01'
    ? 'TRUE'
    : row === '02'
      ? `ep.spo_type = 'skilled_worker'`
      : row === '03'
        ? `ep.spo_type = 'specialist'`
        : `ep.okso_code = '${row}'`;
const FROM = `FROM persons p
  JOIN enrollments e ON e.person_id = p.id
  JOIN organizations o ON o.id = e.organization_id
  JOIN education_programmes ep ON ep.id = e.programme_id
 WHERE e.organization_id = ANY ($2::uuid[]) AND p.status = 'active' AND o.kind = 'vocational'
   AND ep.level = 'spo'`;

let s: TestServer;
let collegeA: string;
let collegeB: string;
let school: string;
let mun: string;
let regional: TestUser;
let adminA: TestUser;
const learner: Record<string, string> = {};

async function handCell(orgs: string[], asOf: string, row: string, column: string) {
  const [measure, rule] = COLUMNS[column]!;
  const r = await s.owner.query(
    `SELECT count(e.id)::int AS n ${FROM} AND (${MEASURE[measure]}) AND (${ROW(row)}) AND (${rule})`,
    [asOf, orgs],
  );
  return r.rows[0].n as number;
}

/** The ОКСО codes of any enrollment the form counts in any of its columns on the date. */
async function handCodes(orgs: string[], asOf: string) {
  const r = await s.owner.query(
    `SELECT DISTINCT ep.okso_code AS code ${FROM}
        AND ((${MEASURE.stock}) OR (${MEASURE.admitted}) OR (${MEASURE.graduated})) ORDER BY 1`,
    [asOf, orgs],
  );
  return r.rows.map((x) => x.code as string);
}

type Report = {
  sections: {
    rows: { code: string; label: string }[];
    cells: { row: string; column: string; value: number }[];
  }[];
  controlFailures: { control: string; left: { row: string; column: string }[] }[];
};

async function report(query: string, u: TestUser = regional) {
  const res = await s.app.inject({ method: 'GET', url: `${FORM}/report?${query}`, headers: u.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
}

const cellsOf = (r: Report) => new Map(r.sections[0]!.cells.map((c) => [`${c.row}:${c.column}`, c.value]));

async function expectEveryCellByHand(r: Report, orgs: string[], asOf: string) {
  const rows = r.sections[0]!.rows.map((x) => x.code);
  expect(rows).toEqual(['01', '02', '03', ...(await handCodes(orgs, asOf))]);
  const mismatches: string[] = [];
  for (const c of r.sections[0]!.cells) {
    const want = await handCell(orgs, asOf, c.row, c.column);
    if (want !== c.value) mismatches.push(`${asOf} ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
  }
  expect(mismatches).toEqual([]);
}

type Student = {
  key: string;
  sex: 'male' | 'female';
  programme: () => string;
  from: string;
  to: string | null;
  form: string | null;
  funding: string | null;
  graduated?: boolean;
};

async function graduate(enrollmentId: string, on: string) {
  const e = await s.owner.query(`SELECT organization_id, person_id FROM enrollments WHERE id = $1`, [
    enrollmentId,
  ]);
  const o = await s.owner.query(
    `INSERT INTO orders (organization_id, number, order_date, kind, state, signed_at)
     VALUES ($1, $2, $3, 'graduation', 'signed', now()) RETURNING id`,
    [e.rows[0].organization_id, `В-${enrollmentId.slice(0, 6)}`, on],
  );
  const m = await s.owner.query(
    `INSERT INTO movements (order_id, person_id, enrollment_id, kind, effective_on, exit_reason)
     VALUES ($1, $2, $3, 'graduation', $4, 'GRADUATED') RETURNING id`,
    [o.rows[0].id, e.rows[0].person_id, enrollmentId, on],
  );
  await s.owner.query(
    `UPDATE enrollment_status_periods SET movement_id = $2 WHERE enrollment_id = $1 AND status = 'exited'`,
    [enrollmentId, m.rows[0].id],
  );
}

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  mun = await buildMunicipality(s);
  collegeA = (await buildOrganization(s, { territoryId: mun, kind: 'vocational' })).id;
  collegeB = (await buildOrganization(s, { territoryId: mun, kind: 'vocational' })).id;
  school = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', collegeA);
  const spo = async (org: string, type: string, okso: string, base: number) => {
    const id = await programme(s, org, 'spo');
    await s.owner.query(
      `UPDATE education_programmes SET spo_type = $2, okso_code = $3, base_grade = $4 WHERE id = $1`,
      [id, type, okso, base],
    );
    return id;
  };
  const p = {
    it9: await spo(collegeA, 'specialist', '09.02.07', 9),
    it11: await spo(collegeA, 'specialist', '09.02.07', 11),
    welder: await spo(collegeA, 'skilled_worker', '15.01.05', 9),
    economy: await spo(collegeB, 'specialist', '38.02.01', 11),
    school: await programme(s, school, 'soo'),
  };
  const STUDENTS: Student[] = [
    {
      key: 'steady',
      sex: 'female',
      programme: () => p.it9,
      from: '2022-09-01',
      to: null,
      form: 'full_time',
      funding: 'budget',
    },
    {
      key: 'evening',
      sex: 'male',
      programme: () => p.it11,
      from: '2023-09-01',
      to: null,
      form: 'part_time',
      funding: 'contract',
    },
    // Graduates in June 2024: the 2024 form's graduation, gone from its stock.
    {
      key: 'welder',
      sex: 'female',
      programme: () => p.welder,
      from: '2021-09-01',
      to: '2024-06-30',
      form: null,
      funding: 'budget',
      graduated: true,
    },
    // Admitted on 1 October 2023 itself: in that day's stock, in the next year's admission; expelled in March.
    {
      key: 'firstOctober',
      sex: 'male',
      programme: () => p.welder,
      from: '2023-10-01',
      to: '2024-03-01',
      form: 'full_time',
      funding: 'contract',
    },
    {
      key: 'distance',
      sex: 'female',
      programme: () => p.economy,
      from: '2024-09-01',
      to: null,
      form: 'extramural',
      funding: null,
    },
    // Graduates in June 2025 — until a correction says June 2024.
    {
      key: 'corrected',
      sex: 'male',
      programme: () => p.it9,
      from: '2021-09-01',
      to: '2025-06-30',
      form: 'full_time',
      funding: 'budget',
      graduated: true,
    },
    {
      key: 'twoSpecialties',
      sex: 'female',
      programme: () => p.it11,
      from: '2024-09-01',
      to: null,
      form: 'full_time',
      funding: 'budget',
    },
    {
      key: 'twoSpecialties',
      sex: 'female',
      programme: () => p.economy,
      from: '2024-09-01',
      to: null,
      form: 'full_time',
      funding: 'contract',
    },
    {
      key: 'pupil',
      sex: 'male',
      programme: () => p.school,
      from: '2023-09-01',
      to: null,
      form: null,
      funding: null,
    },
  ];
  for (const st of STUDENTS) {
    learner[st.key] ??= (
      await s.owner.query(
        `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
         VALUES ($1, $2, 'Тестович', '2006-04-04', $3) RETURNING id`,
        [`Студентов${Object.keys(learner).length + 1}`, st.key, st.sex],
      )
    ).rows[0].id;
    const org = (
      await s.owner.query(`SELECT organization_id FROM education_programmes WHERE id = $1`, [st.programme()])
    ).rows[0].organization_id;
    const e = await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, ended_on, education_form, funding)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [learner[st.key], org, st.programme(), st.from, st.to, st.form, st.funding],
    );
    if (st.graduated) await graduate(e.rows[0].id, st.to!);
  }
});
afterAll(() => s.stop());

const backdateGraduation = () => backdateEnd(s, learner.corrected!, '2024-06-30');

describe('СПО-1 section 2.1 computed from the dated history', () => {
  it('equals the hand-written SQL in every cell and lists the right specialties, on three dates, before and after a correction', async () => {
    const before = new Map<string, Map<string, number>>();
    for (const asOf of DATES) {
      const r = await report(`territoryId=${mun}&asOf=${asOf}`);
      await expectEveryCellByHand(r, [collegeA, collegeB, school], asOf);
      expect(r.controlFailures).toEqual([]);
      before.set(asOf, cellsOf(r));
    }
    // The flows of the year to 1 October 2024, by hand: four admitted (1 October 2023, the distance
    // student, and the two specialties of one student in two colleges), one graduate.
    const y24 = before.get('2024-10-01')!;
    expect([y24.get('01:3'), y24.get('01:20'), y24.get('15.01.05:20'), y24.get('01:11')]).toEqual([
      4, 1, 1, 6,
    ]);
    expect(y24.get('09.02.07:11')).toBe(4);
    await backdateGraduation();
    for (const asOf of DATES) {
      const r = await report(`territoryId=${mun}&asOf=${asOf}`);
      await expectEveryCellByHand(r, [collegeA, collegeB, school], asOf);
    }
    const after = cellsOf(await report(`territoryId=${mun}&asOf=2024-10-01`));
    expect([after.get('01:20'), after.get('09.02.07:20'), after.get('01:11')]).toEqual([2, 1, 5]);
    const y25 = cellsOf(await report(`territoryId=${mun}&asOf=2025-10-01`));
    expect(y25.get('01:20')).toBe(0);
  });

  it('one college sees its own specialties only; a listed row opens its learners; a planted form of study breaks the right control', async () => {
    const own = await report(`organizationId=${collegeA}&asOf=2024-10-01`, adminA);
    expect(own.sections[0]!.rows.map((r) => r.code)).toEqual(['01', '02', '03', '09.02.07', '15.01.05']);
    expect(own.sections[0]!.rows[3]!.label).toMatch(/Информационные системы/);
    const other = await s.app.inject({
      method: 'GET',
      url: `${FORM}/report?organizationId=${collegeB}&asOf=2024-10-01`,
      headers: adminA.headers,
    });
    expect(other.statusCode).toBe(404);
    const list = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/09.02.07/11/learners?organizationId=${collegeA}&asOf=2024-10-01`,
      headers: adminA.headers,
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toHaveLength(cellsOf(own).get('09.02.07:11')!);
    const graduates = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/15.01.05/20/learners?organizationId=${collegeA}&asOf=2024-10-01`,
      headers: adminA.headers,
    });
    expect(graduates.json().items.map((i: { personId: string }) => i.personId)).toEqual([learner.welder]);
    const unknown = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/99.99.99/11/learners?organizationId=${collegeA}&asOf=2024-10-01`,
      headers: adminA.headers,
    });
    expect(unknown.statusCode, unknown.body).toBe(200);
    expect(unknown.json().totalCount).toBe(0);

    await s.owner.query(`UPDATE enrollments SET education_form = 'family' WHERE person_id = $1`, [
      learner.evening,
    ]);
    const broken = await report(`organizationId=${collegeA}&asOf=2024-10-01`);
    const k5 = broken.controlFailures.filter((f) => f.control === 'k5').map((f) => f.left[0]!.row);
    expect(k5.sort()).toEqual(['01', '03', '09.02.07']);
  });

  it('the XLSX carries every listed row with its ОКСО code and the same cells as the report', async () => {
    const query = `territoryId=${mun}&asOf=2024-10-01`;
    const want = cellsOf(await report(query));
    const res = await s.app.inject({
      method: 'GET',
      url: `${FORM}/report.xlsx?${query}`,
      headers: regional.headers,
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Форма')!;
    let codes: string[] | null = null;
    const sheet = new Map<string, unknown>();
    ws.eachRow((row) => {
      const v = (k: number) => row.getCell(k).value;
      if (v(1) === '1' && v(2) === '2') {
        codes = [];
        row.eachCell((c, k) => {
          codes![k] = String(c.value);
        });
      } else if (codes && typeof v(2) === 'string' && /^[\d.]+$/.test(v(2) as string))
        for (let k = 3; k < codes.length; k++) sheet.set(`${v(2)}:${codes[k]}`, v(k));
    });
    expect([...new Set([...sheet.keys()].map((k) => k.split(':')[0]))]).toEqual([
      '01',
      '02',
      '03',
      '09.02.07',
      '15.01.05',
      '38.02.01',
    ]);
    expect(sheet.size).toBe(want.size);
    for (const [key, value] of want) expect(sheet.get(key), key).toBe(value);
  });

  it('a region teaching a hundred specialties: more cells than a select list may hold, each one counted', async () => {
    const otherMun = await buildMunicipality(s);
    const college = (await buildOrganization(s, { territoryId: otherMun, kind: 'vocational' })).id;
    const codes = [...OKSO_SPO.keys()].slice(0, 100);
    for (const [k, okso] of codes.entries()) {
      const id = await programme(s, college, 'spo');
      await s.owner.query(
        `UPDATE education_programmes SET spo_type = 'specialist', okso_code = $2, base_grade = 9 WHERE id = $1`,
        [id, okso],
      );
      const p = await s.owner.query(
        `INSERT INTO persons (last_name, first_name, birth_date, sex) VALUES ('Многопрофильный', $1, '2006-01-01', 'male') RETURNING id`,
        [`С${k}`],
      );
      await s.owner.query(
        `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, funding)
         VALUES ($1, $2, $3, '2024-09-01', 'budget')`,
        [p.rows[0].id, college, id],
      );
    }
    const r = await report(`territoryId=${otherMun}&asOf=2024-10-01`);
    const section = r.sections[0]!;
    expect(section.rows.length).toBe(103);
    expect(section.cells.length).toBeGreaterThan(1664);
    const c = cellsOf(r);
    expect([c.get('01:3'), c.get('01:11'), c.get('03:11')]).toEqual([100, 100, 100]);
    expect(codes.every((code) => c.get(`${code}:11`) === 1 && c.get(`${code}:9`) === 1)).toBe(true);
    expect(r.controlFailures).toEqual([]);
  });
});
