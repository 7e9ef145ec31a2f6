import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, backdateEnd, programme } from '../support/order-factories.ts';
import { kindergartenGroup } from '../support/queue-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * 85-К, section 7 (children by age) computed from a small kindergarten world and compared, cell by
 * cell, with hand-written SQL that shares nothing with the implementation: it reads the enrollment
 * dates (not the status periods), spells the age out with to_char, and the row and column rules anew.
 */

const FORM = '/api/v1/stat-forms/85-k/editions/2024';
const DATES = ['2023-12-31', '2024-06-01', '2024-12-31'];

// Row and column rules of the paper form, written again by hand.
const ROWS: Record<string, string> = {
  '701': 'TRUE',
  '702': `p.sex = 'female'`,
  '703': `ep.level = 'preschool'`,
  '704': `ep.level = 'preschool' AND p.sex = 'female'`,
  '705': `ep.level = 'preschool' AND ep.adapted`,
  '706': `ep.level = 'preschool' AND ep.adapted AND p.sex = 'female'`,
  '707': `NOT p.stateless AND p.citizenship_codes <> '{}' AND NOT ('643' = ANY (p.citizenship_codes))`,
  '708': `NOT p.stateless AND p.citizenship_codes <> '{}' AND NOT ('643' = ANY (p.citizenship_codes)) AND p.sex = 'female'`,
  '709': `NOT p.stateless AND '643' = ANY (p.citizenship_codes) AND array_length(p.citizenship_codes, 1) >= 2`,
  '710': `NOT p.stateless AND '643' = ANY (p.citizenship_codes) AND array_length(p.citizenship_codes, 1) >= 2 AND p.sex = 'female'`,
  '711': 'p.stateless',
  '712': `p.stateless AND p.sex = 'female'`,
};
// Full years on 1 January of the year after the reference date ($2).
const AGE = `(extract(year FROM $2::date)::int - extract(year FROM p.birth_date)::int
  - CASE WHEN to_char(p.birth_date, 'MM-DD') > to_char($2::date, 'MM-DD') THEN 1 ELSE 0 END)`;
const COLUMNS: Record<string, string> = {
  '3': 'TRUE',
  '4': `${AGE} < 1`,
  ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((a, i) => [String(5 + i), `${AGE} = ${a}`])),
  '11': `${AGE} >= 7`,
};

let s: TestServer;
let munA: string;
let munB: string;
let region: string;
let kA: string;
let kB: string;
let school: string;
let regional: TestUser;
let municipal: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let analyst: TestUser;
const child: Record<string, string> = {};

async function handCell(orgs: string[], asOf: string, row: string, column: string) {
  const ageDate = `${Number(asOf.slice(0, 4)) + 1}-01-01`;
  const r = await s.owner.query(
    `SELECT count(DISTINCT p.id)::int AS n
       FROM persons p
       JOIN enrollments e ON e.person_id = p.id
       JOIN organizations o ON o.id = e.organization_id
       LEFT JOIN education_programmes ep ON ep.id = e.programme_id
      WHERE $2::date IS NOT NULL AND o.id = ANY ($3::uuid[]) AND o.kind = 'preschool' AND p.status = 'active'
        AND e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
        AND (${ROWS[row]}) AND (${COLUMNS[column]})`,
    [asOf, ageDate, orgs],
  );
  return r.rows[0].n as number;
}

type Report = {
  asOf: string;
  sections: { code: string; cells: { row: string; column: string; value: number }[] }[];
  controlFailures: unknown[];
};

async function report(u: TestUser, query: string) {
  const res = await s.app.inject({ method: 'GET', url: `${FORM}/report?${query}`, headers: u.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
}

const section7 = (r: Report) => r.sections.find((x) => x.code === '7')!;
const cellsOf = (r: Report) => new Map(section7(r).cells.map((c) => [`${c.row}:${c.column}`, c.value]));
/** Every section's cells: row codes are unique in the whole form. */
const allCellsOf = (r: Report) =>
  new Map(r.sections.flatMap((x) => x.cells.map((c) => [`${c.row}:${c.column}`, c.value] as const)));

async function expectEveryCellByHand(r: Report, orgs: string[], asOf: string) {
  const cells = section7(r).cells;
  expect(cells).toHaveLength(Object.keys(ROWS).length * Object.keys(COLUMNS).length);
  const mismatches: string[] = [];
  for (const c of cells) {
    const want = await handCell(orgs, asOf, c.row, c.column);
    if (want !== c.value) mismatches.push(`${asOf} ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
  }
  expect(mismatches).toEqual([]);
}

type Kid = {
  key: string;
  birth: string;
  sex: 'male' | 'female';
  codes?: string[];
  stateless?: boolean;
  enrollments: { org: () => string; programme: () => string | null; from: string; to: string | null }[];
};

beforeAll(async () => {
  s = await startTestServer();
  region = await buildRegion(s);
  munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  kA = (await buildOrganization(s, { territoryId: munA, kind: 'preschool' })).id;
  kB = (await buildOrganization(s, { territoryId: munB, kind: 'preschool' })).id;
  school = (await buildOrganization(s, { territoryId: munA, kind: 'school' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  municipal = await buildUser(s, 'municipal_specialist', munA);
  adminA = await buildUser(s, 'org_admin', kA);
  adminB = await buildUser(s, 'org_admin', kB);
  analyst = await buildUser(s, 'analyst', region);

  const general = await programme(s, kA, 'preschool');
  const adapted = await programme(s, kA, 'preschool');
  await s.owner.query(`UPDATE education_programmes SET adapted = true WHERE id = $1`, [adapted]);
  const extra = await programme(s, kA, 'additional');
  const generalB = await programme(s, kB, 'preschool');
  const noo = await programme(s, school, 'noo');
  const year = await academicYear(s, '2023-09-01');
  const groupA = await kindergartenGroup(s, kA, year, {
    name: 'Солнышко',
    ageFrom: 1,
    ageTo: 7,
    capacity: 30,
  });
  const groupB = await kindergartenGroup(s, kB, year, {
    name: 'Ромашка',
    ageFrom: 1,
    ageTo: 7,
    capacity: 30,
  });
  const unitOf: Record<string, string> = { [kA]: groupA, [kB]: groupB };
  // As the unit screen saves a group by default (section 4 checks that each has a focus and a mode).
  await s.owner.query(`UPDATE units SET group_focus = 'general', stay_mode = 'full' WHERE id = ANY($1)`, [
    [groupA, groupB],
  ]);

  const inA = () => kA;
  const KIDS: Kid[] = [
    {
      key: 'infantF',
      birth: '2023-03-10',
      sex: 'female',
      enrollments: [{ org: inA, programme: () => general, from: '2023-09-01', to: null }],
    },
    {
      key: 'janFirst',
      birth: '2022-01-01',
      sex: 'male',
      enrollments: [{ org: inA, programme: () => general, from: '2023-01-15', to: null }],
    },
    {
      key: 'decLast',
      birth: '2021-12-31',
      sex: 'female',
      enrollments: [{ org: inA, programme: () => general, from: '2023-01-15', to: '2024-09-01' }],
    },
    {
      key: 'foreignTwoProgrammes',
      birth: '2020-06-15',
      sex: 'male',
      codes: ['860'],
      enrollments: [
        { org: inA, programme: () => general, from: '2022-09-01', to: null },
        { org: inA, programme: () => extra, from: '2023-09-01', to: null },
      ],
    },
    {
      key: 'dualAdapted',
      birth: '2019-02-20',
      sex: 'female',
      codes: ['643', '051'],
      enrollments: [{ org: inA, programme: () => adapted, from: '2022-09-01', to: null }],
    },
    {
      key: 'statelessAdapted',
      birth: '2018-11-11',
      sex: 'male',
      codes: [],
      stateless: true,
      enrollments: [{ org: inA, programme: () => adapted, from: '2021-09-01', to: '2024-07-01' }],
    },
    {
      key: 'toSchool',
      birth: '2017-05-05',
      sex: 'female',
      enrollments: [
        { org: inA, programme: () => general, from: '2020-09-01', to: '2024-09-01' },
        { org: () => school, programme: () => noo, from: '2024-09-01', to: null },
      ],
    },
    {
      key: 'leftEarly',
      birth: '2016-08-08',
      sex: 'male',
      enrollments: [{ org: inA, programme: () => general, from: '2019-09-01', to: '2023-09-01' }],
    },
    {
      key: 'careOnly',
      birth: '2024-03-01',
      sex: 'female',
      enrollments: [{ org: inA, programme: () => null, from: '2024-11-01', to: null }],
    },
    // Leaves on 1 February 2025 — until a correction says she left on 1 May 2024.
    {
      key: 'corrected',
      birth: '2019-07-07',
      sex: 'female',
      codes: ['398'],
      enrollments: [{ org: inA, programme: () => general, from: '2023-09-01', to: '2025-02-01' }],
    },
    {
      key: 'otherMunicipality',
      birth: '2020-01-10',
      sex: 'female',
      enrollments: [{ org: () => kB, programme: () => generalB, from: '2022-09-01', to: null }],
    },
    {
      key: 'schoolOnly',
      birth: '2017-03-03',
      sex: 'male',
      enrollments: [{ org: () => school, programme: () => noo, from: '2024-09-01', to: null }],
    },
  ];
  let n = 0;
  for (const kid of KIDS) {
    n++;
    const p = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex, citizenship_codes, stateless)
       VALUES ($1, $2, 'Тестович', $3, $4, $5, $6) RETURNING id`,
      [`Формова${n}`, kid.key, kid.birth, kid.sex, kid.codes ?? ['643'], kid.stateless ?? false],
    );
    child[kid.key] = p.rows[0].id;
    for (const e of kid.enrollments) {
      const r = await s.owner.query(
        `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, ended_on)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [child[kid.key], e.org(), e.programme(), e.from, e.to],
      );
      const unitId = unitOf[e.org()];
      if (unitId && e.programme() !== extra)
        await s.owner.query(
          `INSERT INTO placements (enrollment_id, unit_id, valid_from, valid_to) VALUES ($1, $2, $3, $4)`,
          [r.rows[0].id, unitId, e.from, e.to],
        );
    }
  }
});
afterAll(() => s.stop());

/** The later correction: the exit of «corrected» is moved back from 2025-02-01 to 2024-05-01. */
async function backdateExit() {
  const [e] = (await s.owner.query(`SELECT id FROM enrollments WHERE person_id = $1`, [child.corrected]))
    .rows;
  await s.owner.query(`UPDATE placements SET valid_to = '2024-05-01' WHERE enrollment_id = $1`, [e.id]);
  await backdateEnd(s, child.corrected!, '2024-05-01');
}

describe('85-К section 7 computed from the dated history', () => {
  it('equals the hand-written SQL in every cell on three dates, before and after a backdated exit', async () => {
    const before = new Map<string, Map<string, number>>();
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${kA}&asOf=${asOf}`);
      expect(r.asOf).toBe(asOf);
      expect(r.controlFailures).toEqual([]);
      await expectEveryCellByHand(r, [kA], asOf);
      before.set(asOf, cellsOf(r));
    }
    // Not a trivial world: on 1 June 2024 eight children, one of them born on 1 January.
    expect(before.get('2024-06-01')!.get('701:3')).toBe(8);
    expect(before.get('2023-12-31')!.get('711:3')).toBe(1);
    expect(before.get('2024-12-31')!.get('701:4')).toBe(1);

    await backdateExit();
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${kA}&asOf=${asOf}`);
      await expectEveryCellByHand(r, [kA], asOf);
      const was = before.get(asOf)!;
      const now = cellsOf(r);
      // The correction removes her from 1 June 2024 on; 31 December 2023 is untouched.
      const delta = asOf === '2023-12-31' ? 0 : 1;
      expect(now.get('701:3'), asOf).toBe(was.get('701:3')! - delta);
      expect(now.get('707:3'), asOf).toBe(was.get('707:3')! - delta);
    }
  });

  it('a municipality and the region count the kindergartens in the reader’s scope', async () => {
    const asOf = '2024-06-01';
    const mun = await report(municipal, `territoryId=${munA}&asOf=${asOf}`);
    await expectEveryCellByHand(mun, [kA], asOf);
    const reg = await report(regional, `territoryId=${region}&asOf=${asOf}`);
    await expectEveryCellByHand(reg, [kA, kB], asOf);
    expect(cellsOf(reg).get('701:3')).toBe(cellsOf(mun).get('701:3')! + 1);
    // The analyst reads counts; a kindergarten reading the region sees its own children only.
    const an = await report(analyst, `territoryId=${region}&asOf=${asOf}`);
    expect(cellsOf(an)).toEqual(cellsOf(reg));
    const own = await report(adminB, `territoryId=${region}&asOf=${asOf}`);
    await expectEveryCellByHand(own, [kB], asOf);
    const audit = await auditRows(s, `action = 'statForm.read' AND actor_user_id = $1`, [analyst.id]);
    expect(audit.at(-1)).toMatchObject({ object_type: 'territory', object_id: region, outcome: 'success' });
  });
});

describe('drill-down: the learners behind a cell', () => {
  it('lists exactly as many learners as the cell counts, page by page, and audits who was shown', async () => {
    const asOf = '2024-06-01';
    const cells = cellsOf(await report(adminA, `organizationId=${kA}&asOf=${asOf}`));
    for (const [key, value] of cells) {
      const [row, column] = key.split(':');
      const res = await s.app.inject({
        method: 'GET',
        url: `${FORM}/cells/${row}/${column}/learners?organizationId=${kA}&asOf=${asOf}&limit=200`,
        headers: adminA.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.items.length, key).toBe(value);
      expect(body.totalCount, key).toBe(value);
      expect(new Set(body.items.map((i: { personId: string }) => i.personId)).size, key).toBe(value);
    }
    // Paging by three walks the whole of row 701, each person once, in name order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${FORM}/cells/701/3/learners?organizationId=${kA}&asOf=${asOf}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await s.app.inject({ method: 'GET', url, headers: adminA.headers });
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((i: { personId: string }) => i.personId));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(cells.get('701:3'));
    expect(seen).toHaveLength(cells.get('701:3')!);

    const res = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/711/3/learners?organizationId=${kA}&asOf=${asOf}`,
      headers: adminA.headers,
    });
    expect(res.json().items).toMatchObject([
      { personId: child.statelessAdapted, organizationId: kA, unitName: 'Солнышко', age: 6 },
    ]);
    const audit = await auditRows(s, `action = 'statForm.learners.read' AND actor_user_id = $1`, [adminA.id]);
    expect(audit.at(-1)).toMatchObject({
      object_type: 'organization',
      object_id: kA,
      outcome: 'success',
      subject_ids: [child.statelessAdapted],
    });
    expect(audit.length).toBeGreaterThanOrEqual(cells.size);
  });

  it('another kindergarten gets 404 (audited as denied); the analyst gets 403', async () => {
    for (const query of [
      `organizationId=${kA}`,
      `organizationId=${kA.toUpperCase()}`,
      `territoryId=${munA}`,
    ]) {
      for (const path of ['report', 'cells/701/3/learners']) {
        const res = await s.app.inject({
          method: 'GET',
          url: `${FORM}/${path}?${query}&asOf=2024-06-01`,
          headers: adminB.headers,
        });
        expect(res.statusCode, `${path}?${query}`).toBe(404);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
      }
    }
    const denied = await auditRows(s, `actor_user_id = $1 AND outcome = 'denied'`, [adminB.id]);
    expect(denied.some((a) => a.object_id === kA)).toBe(true);
    const res = await s.app.inject({
      method: 'GET',
      url: `${FORM}/cells/701/3/learners?territoryId=${region}&asOf=2024-06-01`,
      headers: analyst.headers,
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});

/** The cells of a form sheet by `row:column`: the column codes are the row under the labels that starts 1, 2. */
function sheetCells(ws: ExcelJS.Worksheet) {
  const cells = new Map<string, unknown>();
  let codes: string[] | null = null;
  ws.eachRow((row) => {
    const v = (k: number) => row.getCell(k).value;
    if (v(1) === '1' && v(2) === '2') {
      codes = [];
      row.eachCell((c, k) => {
        codes![k] = String(c.value);
      });
      return;
    }
    if (!codes || typeof v(2) !== 'string' || !/^\d+$/.test(v(2) as string)) return;
    for (let k = 3; k < codes.length; k++) cells.set(`${v(2)}:${codes[k]}`, v(k));
  });
  return cells;
}

describe('XLSX in the form’s layout', () => {
  it('carries the same cells as the JSON report, the heading and the control sheet; audited', async () => {
    const query = `organizationId=${kA}&asOf=2024-06-01`;
    const json = await report(adminA, query);
    const res = await s.app.inject({
      method: 'GET',
      url: `${FORM}/report.xlsx?${query}`,
      headers: adminA.headers,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('85-k-2024-2024-06-01.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Форма')!;
    const heading = [1, 2, 3, 4, 5].map((k) => String(ws.getCell(`A${k}`).value)).join('\n');
    expect(heading).toContain('85-К');
    expect(heading).toContain('Код формы: 85-k; редакция 2024');
    expect(heading).toContain('№ 332');
    expect(heading).toContain('01.06.2024');
    const sheet = sheetCells(ws);
    const want = allCellsOf(json);
    expect(sheet.size).toBe(want.size);
    for (const [key, value] of want) expect(sheet.get(key), key).toBe(value);
    expect(sheet.get('701:3')).toBeGreaterThan(5);
    expect(String(wb.getWorksheet('Контроль')!.getCell('A2').value)).toContain('Нарушений');
    const audit = await auditRows(s, `action = 'statForm.exported' AND actor_user_id = $1`, [adminA.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ object_type: 'organization', object_id: kA, outcome: 'success' });

    // The analyst exports counts too, for the region.
    const an = await s.app.inject({
      method: 'GET',
      url: `${FORM}/report.xlsx?territoryId=${region}&asOf=2024-06-01`,
      headers: analyst.headers,
    });
    expect(an.statusCode).toBe(200);
  });

  it('answers problem+json for bad input and for another kindergarten', async () => {
    const future = `${new Date().getUTCFullYear() + 1}-01-01`;
    const cases: [string, TestUser, number][] = [
      [`${FORM}/report.xlsx?organizationId=${kA}&asOf=${future}`, adminA, 400],
      [`/api/v1/stat-forms/oo-2/editions/2024/report.xlsx?organizationId=${kA}`, adminA, 404],
      [`${FORM}/report.xlsx`, adminA, 400],
      [`${FORM}/report.xlsx?organizationId=${kA}`, adminB, 404],
    ];
    for (const [url, u, status] of cases) {
      const res = await s.app.inject({ method: 'GET', url, headers: u.headers });
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toMatch(/problem\+json/);
    }
  });
});

describe('the register and bad input', () => {
  it('lists the definitions with edition, approving order and reference-date rule', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/stat-forms', headers: analyst.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toContainEqual(
      expect.objectContaining({
        code: '85-k',
        edition: '2024',
        approvedBy: expect.objectContaining({ authority: 'Росстат', number: '332', date: '2024-07-31' }),
        referenceDate: expect.objectContaining({ month: 12, day: 31 }),
      }),
    );
    // An order whose number and date are not verified is named by its text's source, not by guesses.
    expect(res.json().items).toContainEqual(
      expect.objectContaining({
        code: 'oo-1',
        approvedBy: expect.objectContaining({
          number: null,
          date: null,
          source: 'https://docs.cntd.ru/document/1306930309',
        }),
      }),
    );
  });

  it('answers problem+json, never 500', async () => {
    const future = `${new Date().getUTCFullYear() + 1}-01-01`;
    const cases: [string, number, string][] = [
      [`/api/v1/stat-forms/oo-2/editions/2024/report?organizationId=${kA}`, 404, 'not_found'],
      [`/api/v1/stat-forms/85-k/editions/1999/report?organizationId=${kA}`, 404, 'not_found'],
      [`${FORM}/report?organizationId=${kA}&asOf=${future}`, 400, 'validation_failed'],
      [`${FORM}/report?organizationId=${kA}&asOf=2024-02-30`, 400, 'validation_failed'],
      [`${FORM}/report?organizationId=not-a-uuid`, 400, 'validation_failed'],
      [`${FORM}/report?organizationId=${kA}&territoryId=${munA}`, 400, 'validation_failed'],
      [`${FORM}/report`, 400, 'validation_failed'],
      [`${FORM}/report?organizationId=${kA}&extra=1`, 400, 'validation_failed'],
      [`${FORM}/report?organizationId=00000000-0000-4000-8000-000000000000`, 404, 'not_found'],
      [`${FORM}/cells/799/3/learners?organizationId=${kA}`, 404, 'not_found'],
      [`${FORM}/cells/701/99/learners?organizationId=${kA}`, 404, 'not_found'],
      [`${FORM}/cells/701/3/learners?organizationId=${kA}&cursor=garbage`, 400, 'validation_failed'],
      [
        `/api/v1/stat-forms/${'x'.repeat(40)}/editions/2024/report?organizationId=${kA}`,
        400,
        'validation_failed',
      ],
    ];
    for (const [url, status, code] of cases) {
      const res = await s.app.inject({ method: 'GET', url, headers: regional.headers });
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toMatch(/problem\+json/);
      expect(res.json().code, url).toBe(code);
    }
  });

  it('without asOf, reports on the form’s last reference day (31 December)', async () => {
    const r = await report(regional, `organizationId=${kA}`);
    const today = new Date().toISOString().slice(0, 10);
    expect(r.asOf.slice(5)).toBe('12-31');
    expect(r.asOf <= today).toBe(true);
  });
});
