import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * 1-ДОП (learners of additional programmes by направленность, funding and age) computed from a small world
 * and compared, cell by cell, with hand-written SQL: enrollment dates instead of status periods, ages
 * spelled out with to_char, enrollments and persons counted where each column asks.
 */

const FORM = '/api/v1/stat-forms/1-dop/editions/2015';
const DATES = ['2023-12-31', '2024-06-01', '2024-12-31'];

const FOCUS: Record<string, string | null> = {
  '01': null,
  '02': 'technical',
  '03': 'natural_science',
  '04': 'physical_sports',
  '05': 'arts',
  '06': 'tourism_local_history',
  '07': 'social_humanitarian',
};
const AGE = `(extract(year FROM $2::date)::int - extract(year FROM p.birth_date)::int
  - CASE WHEN to_char(p.birth_date, 'MM-DD') > to_char($2::date, 'MM-DD') THEN 1 ELSE 0 END)`;
const COLUMNS: Record<string, { rule: string; persons?: boolean }> = {
  '3': { rule: 'TRUE' },
  '4': { rule: `p.sex = 'female'` },
  '5': { rule: 'TRUE', persons: true },
  '6': { rule: `p.sex = 'female'`, persons: true },
  '7': { rule: `e.funding = 'budget'` },
  '8': { rule: `e.funding = 'certificate'` },
  '9': { rule: `e.funding = 'contract'` },
  '10': { rule: `${AGE} <= 4` },
  '11': { rule: `${AGE} BETWEEN 5 AND 9` },
  '12': { rule: `${AGE} BETWEEN 10 AND 14` },
  '13': { rule: `${AGE} BETWEEN 15 AND 17` },
  '14': { rule: `${AGE} >= 18` },
};

let s: TestServer;
let dod: string;
let school: string;
let regional: TestUser;
const learner: Record<string, string> = {};

async function handCell(orgs: string[], asOf: string, row: string, column: string) {
  const col = COLUMNS[column]!;
  const r = await s.owner.query(
    `SELECT count(${col.persons ? 'DISTINCT p.id' : 'e.id'})::int AS n
       FROM persons p
       JOIN enrollments e ON e.person_id = p.id
       JOIN education_programmes ep ON ep.id = e.programme_id
      WHERE $2::date IS NOT NULL AND e.organization_id = ANY ($3::uuid[]) AND p.status = 'active'
        AND ep.level = 'additional'
        AND e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
        AND ($4::text IS NULL OR ep.focus = $4::text) AND (${col.rule})`,
    [asOf, `${Number(asOf.slice(0, 4)) + 1}-01-01`, orgs, FOCUS[row]],
  );
  return r.rows[0].n as number;
}

type Report = {
  sections: { cells: { row: string; column: string; value: number }[] }[];
  controlFailures: { control: string; left: { row: string; column: string }[] }[];
};

async function report(query: string) {
  const res = await s.app.inject({
    method: 'GET',
    url: `${FORM}/report?${query}`,
    headers: regional.headers,
  });
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

type Kid = {
  key: string;
  birth: string;
  sex: 'male' | 'female';
  enrollments: { programme: () => string; from: string; to: string | null; funding: string | null }[];
};

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  dod = (await buildOrganization(s, { territoryId: mun, kind: 'additional' })).id;
  school = (await buildOrganization(s, { territoryId: mun, kind: 'school' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  const focused = async (org: string, focus: string) => {
    const id = await programme(s, org, 'additional');
    await s.owner.query(`UPDATE education_programmes SET focus = $2 WHERE id = $1`, [id, focus]);
    return id;
  };
  const p = {
    robots: await focused(dod, 'technical'),
    choir: await focused(dod, 'arts'),
    hiking: await focused(dod, 'tourism_local_history'),
    chess: await focused(school, 'physical_sports'),
    school: await programme(s, school, 'ooo'),
  };
  const KIDS: Kid[] = [
    {
      key: 'twoFocuses',
      birth: '2014-05-05',
      sex: 'female',
      enrollments: [
        { programme: () => p.robots, from: '2023-09-01', to: null, funding: 'certificate' },
        { programme: () => p.choir, from: '2023-09-01', to: null, funding: 'budget' },
      ],
    },
    {
      key: 'bornJanFirst',
      birth: '2019-01-01',
      sex: 'male',
      enrollments: [{ programme: () => p.robots, from: '2023-10-01', to: null, funding: 'contract' }],
    },
    {
      key: 'noFunding',
      birth: '2007-03-03',
      sex: 'female',
      enrollments: [{ programme: () => p.hiking, from: '2022-09-01', to: null, funding: null }],
    },
    // Leaves on 1 February 2025 — until a correction says she left on 1 May 2024.
    {
      key: 'corrected',
      birth: '2011-11-11',
      sex: 'female',
      enrollments: [{ programme: () => p.choir, from: '2023-09-01', to: '2025-02-01', funding: 'budget' }],
    },
    {
      key: 'schoolClub',
      birth: '2012-02-02',
      sex: 'male',
      enrollments: [
        { programme: () => p.school, from: '2023-09-01', to: null, funding: null },
        { programme: () => p.chess, from: '2024-01-15', to: null, funding: 'budget' },
      ],
    },
  ];
  let n = 0;
  for (const kid of KIDS) {
    n++;
    const r = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
       VALUES ($1, $2, 'Тестович', $3, $4) RETURNING id`,
      [`Кружков${n}`, kid.key, kid.birth, kid.sex],
    );
    learner[kid.key] = r.rows[0].id;
    for (const e of kid.enrollments) {
      const org = (
        await s.owner.query(`SELECT organization_id FROM education_programmes WHERE id = $1`, [e.programme()])
      ).rows[0].organization_id;
      await s.owner.query(
        `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, ended_on, funding)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [learner[kid.key], org, e.programme(), e.from, e.to, e.funding],
      );
    }
  }
});
afterAll(() => s.stop());

const backdateExit = () => backdateEnd(s, learner.corrected!, '2024-05-01');

describe('1-ДОП computed from the dated history', () => {
  it('equals the hand-written SQL in every cell on three dates, before and after a backdated exit', async () => {
    const before = new Map<string, Map<string, number>>();
    for (const asOf of DATES) {
      const r = await report(`organizationId=${dod}&asOf=${asOf}`);
      await expectEveryCellByHand(r, [dod], asOf);
      before.set(asOf, cellsOf(r));
    }
    // On 1 June 2024 at the ДО centre: 5 enrollments of 4 children; the one with two focuses counts once.
    const june = before.get('2024-06-01')!;
    expect([june.get('01:3'), june.get('01:5'), june.get('02:3'), june.get('05:3')]).toEqual([5, 4, 2, 2]);
    expect([june.get('01:7'), june.get('01:8'), june.get('01:9')]).toEqual([2, 1, 1]);

    await backdateExit();
    for (const asOf of DATES)
      await expectEveryCellByHand(await report(`organizationId=${dod}&asOf=${asOf}`), [dod], asOf);
    const after = cellsOf(await report(`organizationId=${dod}&asOf=2024-06-01`));
    expect(after.get('05:3')).toBe(1);
    expect(cellsOf(await report(`organizationId=${dod}&asOf=2023-12-31`))).toEqual(before.get('2023-12-31'));
  });

  it('a funding source left unrecorded breaks no equality, and the school counts its club, not its classes', async () => {
    const r = await report(`organizationId=${dod}&asOf=2024-12-31`);
    // Column 3 ≥ 7 + 8 + 9 holds with a missing source; 01 ≤ 02 + … + 07 holds with two focuses.
    expect(r.controlFailures).toEqual([]);
    const sc = cellsOf(await report(`organizationId=${school}&asOf=2024-12-31`));
    expect([sc.get('01:3'), sc.get('04:3'), sc.get('04:7')]).toEqual([1, 1, 1]);
    await expectEveryCellByHand(
      await report(`organizationId=${school}&asOf=2024-12-31`),
      [school],
      '2024-12-31',
    );
  });
});
