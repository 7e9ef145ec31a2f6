import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFINITIONS_DIR,
  loadDefinitions,
  readDefinitionFiles,
} from '../../src/server/modules/stat-forms/definitions.ts';
import { problemBody } from '../../src/server/platform/errors.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, backdateEnd, programme } from '../support/order-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * 85-К section 4 (groups by направленность, age band and stay mode, and the children in them) and
 * section 2.3 (attendance days of the year) computed from a small kindergarten world and compared, cell
 * by cell, with hand-written SQL that shares nothing with the implementation: it reads the enrollment
 * dates (not the status periods), any placement in force, spells the age bands out as ranges of
 * age_from/age_to, and counts attendance rows with an EXISTS over the enrollments.
 */

const FORM = '/api/v1/stat-forms/85-k/editions/2024';
const DATES = ['2023-12-31', '2024-06-01', '2024-12-31'];

const comp = (impairments: string) =>
  `u.group_focus = 'compensating' AND u.impairment_type IN (${impairments})`;
const GROUP_ROWS: Record<string, string> = {
  '401': 'TRUE',
  '402': `u.group_focus = 'compensating'`,
  '403': comp(`'hearing'`),
  '404': comp(`'speech'`),
  '406': comp(`'vision'`),
  '407': comp(`'intellectual'`),
  '408': comp(`'mental_delay', 'autism'`),
  '409': comp(`'autism'`),
  '410': comp(`'musculoskeletal'`),
  '411': comp(`'complex'`),
  '412': comp(`'other'`),
  '413': `u.group_focus = 'general'`,
  '414': `u.group_focus = 'health'`,
  '418': `u.group_focus = 'combined'`,
  '419': `u.group_focus = 'care'`,
  '451': `u.stay_mode = 'short'`,
  '453': `u.stay_mode = 'full'`,
  '454': `u.stay_mode = 'extended'`,
  '455': `u.stay_mode = 'round_the_clock'`,
};
// The bands written as the ranges of ages a group may take: [age_from, age_to) within one band.
const UNDER_1 = 'u.age_from = 0 AND u.age_to <= 1';
const EARLY = 'u.age_from IN (1, 2) AND u.age_to <= 3';
const YOUNGER = 'u.age_from IN (3, 4) AND u.age_to <= 5';
const OLDER = 'u.age_from >= 5';
const BANDS = [
  'TRUE',
  UNDER_1,
  EARLY,
  YOUNGER,
  OLDER,
  `u.age_from IS NOT NULL AND u.age_to IS NOT NULL
     AND NOT (${UNDER_1}) AND NOT (${EARLY}) AND NOT (${YOUNGER}) AND NOT (${OLDER})`,
];
// Columns 3–8 count groups, 9–14 the children in them, by the same bands.
const GROUP_COLUMNS = Object.fromEntries([
  ...BANDS.map((b, i) => [String(3 + i), { what: 'groups', band: b }]),
  ...BANDS.map((b, i) => [String(9 + i), { what: 'children', band: b }]),
]) as Record<string, { what: 'groups' | 'children'; band: string }>;

const DAY_ROWS: Record<string, string> = {
  '01': `a.status = 'present'`,
  '02': `a.status = 'absent'`,
  '03': `a.status = 'absent' AND a.reason = 'illness'`,
  '04': `a.status = 'absent' AND a.reason <> 'illness'`,
};
// Full years on the day of the record.
const AGE_ON_DAY = `(extract(year FROM a.date)::int - extract(year FROM p.birth_date)::int
  - CASE WHEN to_char(p.birth_date, 'MM-DD') > to_char(a.date, 'MM-DD') THEN 1 ELSE 0 END)`;
const DAY_COLUMNS: Record<string, string> = { '3': 'TRUE', '4': `${AGE_ON_DAY} >= 3` };

let s: TestServer;
let region: string;
let munA: string;
let kA: string;
let kB: string;
let regional: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let analyst: TestUser;
const child: Record<string, string> = {};
const group: Record<string, string> = {};

async function handGroupCell(orgs: string[], asOf: string, row: string, column: string) {
  const c = GROUP_COLUMNS[column]!;
  const r = await s.owner.query(
    `SELECT count(DISTINCT u.id)::int AS groups, count(DISTINCT p.id)::int AS children
       FROM enrollments e
       JOIN organizations o ON o.id = e.organization_id AND o.kind = 'preschool'
       JOIN persons p ON p.id = e.person_id AND p.status = 'active'
       JOIN placements pl ON pl.enrollment_id = e.id AND pl.valid_from <= $1::date
        AND (pl.valid_to IS NULL OR pl.valid_to > $1::date)
       JOIN units u ON u.id = pl.unit_id AND u.kind = 'group'
      WHERE o.id = ANY ($2::uuid[]) AND e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
        AND (${GROUP_ROWS[row]}) AND (${c.band})`,
    [asOf, orgs],
  );
  return r.rows[0][c.what] as number;
}

async function handDayCell(orgs: string[], asOf: string, row: string, column: string) {
  const r = await s.owner.query(
    `SELECT count(*)::int AS n
       FROM attendance_days a
       JOIN persons p ON p.id = a.person_id AND p.status = 'active'
       JOIN organizations o ON o.id = a.organization_id AND o.kind = 'preschool'
      WHERE a.organization_id = ANY ($2::uuid[])
        AND a.date >= make_date(extract(year FROM $1::date)::int - 1, extract(month FROM $1::date)::int,
                                extract(day FROM $1::date)::int) + 1
        AND a.date <= $1::date
        AND EXISTS (SELECT 1 FROM enrollments e
                     WHERE e.person_id = a.person_id AND e.organization_id = a.organization_id
                       AND e.started_on <= a.date AND (e.ended_on IS NULL OR e.ended_on > a.date))
        AND (${DAY_ROWS[row]}) AND (${DAY_COLUMNS[column]})`,
    [asOf, orgs],
  );
  return r.rows[0].n as number;
}

type Section = {
  code: string;
  title: string;
  rows: { code: string }[];
  columns: { code: string; count: string | null }[];
  cells: { row: string; column: string; value: number; manual: boolean }[];
};
type Failure = {
  section: string;
  control: string;
  left: { row: string; column: string }[];
  leftValue: number;
  rightValue: number;
};
type Report = { asOf: string; sections: Section[]; controlFailures: Failure[] };

async function report(u: TestUser, query: string) {
  const res = await s.app.inject({ method: 'GET', url: `${FORM}/report?${query}`, headers: u.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
}
const sectionOf = (r: Report, code: string) => r.sections.find((x) => x.code === code)!;
const cellsOf = (r: Report, code: string) =>
  new Map(sectionOf(r, code).cells.map((c) => [`${c.row}:${c.column}`, c.value]));

async function expectEveryCellByHand(r: Report, orgs: string[], asOf: string) {
  const groups = sectionOf(r, '4').cells;
  expect(groups).toHaveLength(Object.keys(GROUP_ROWS).length * Object.keys(GROUP_COLUMNS).length);
  // Row 05 (days the kindergarten worked) is entered by hand: empty until the kindergarten enters it.
  const entered = sectionOf(r, '2.3').cells.filter((c) => c.manual);
  expect(entered.map((c) => [c.row, c.column, c.value])).toEqual([
    ['05', '3', null],
    ['05', '4', null],
  ]);
  const days = sectionOf(r, '2.3').cells.filter((c) => !c.manual);
  expect(days).toHaveLength(Object.keys(DAY_ROWS).length * Object.keys(DAY_COLUMNS).length);
  const mismatches: string[] = [];
  for (const c of groups) {
    const want = await handGroupCell(orgs, asOf, c.row, c.column);
    if (want !== c.value) mismatches.push(`${asOf} 4 ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
  }
  for (const c of days) {
    const want = await handDayCell(orgs, asOf, c.row, c.column);
    if (want !== c.value) mismatches.push(`${asOf} 2.3 ${c.row}:${c.column} got ${c.value}, by hand ${want}`);
  }
  expect(mismatches).toEqual([]);
}

const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });

/** A child's attendance every weekday of [from, to]: absent one day in seven, by illness every other time. */
async function attendance(org: string, person: string, from: string, to: string, shift: number) {
  await s.owner.query(
    `INSERT INTO attendance_days (organization_id, person_id, date, status, reason, source_system, source_id, batch_id)
     SELECT $1::uuid, $2::uuid, d::date,
            CASE WHEN (d::date - '2023-01-01'::date + $5::int) % 7 = 0 THEN 'absent' ELSE 'present' END,
            CASE WHEN (d::date - '2023-01-01'::date + $5) % 7 <> 0 THEN NULL
                 WHEN (d::date - '2023-01-01'::date + $5) % 14 = 0 THEN 'illness'
                 WHEN (d::date - '2023-01-01'::date + $5) % 21 = 0 THEN 'unexcused' ELSE 'valid' END,
            'Тестовый журнал', $2::text || ':' || d::date, gen_random_uuid()
       FROM generate_series($3::date, $4::date, interval '1 day') d
      WHERE extract(isodow FROM d) < 6`,
    [org, person, from, to, shift],
  );
}

type Kid = {
  key: string;
  birth: string;
  org?: () => string;
  from: string;
  to: string | null;
  /** Placements: the group and from when (each until the next, the last until the enrollment ends). */
  groups: [string, string][];
  extra?: boolean;
};

beforeAll(async () => {
  s = await startTestServer();
  region = await buildRegion(s);
  munA = await buildMunicipality(s);
  const munB = await buildMunicipality(s);
  kA = (await buildOrganization(s, { territoryId: munA, kind: 'preschool' })).id;
  kB = (await buildOrganization(s, { territoryId: munB, kind: 'preschool' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', kA);
  adminB = await buildUser(s, 'org_admin', kB);
  analyst = await buildUser(s, 'analyst', region);

  const pre = await programme(s, kA, 'preschool');
  const extra = await programme(s, kA, 'additional');
  const preB = await programme(s, kB, 'preschool');
  const year = await academicYear(s, '2023-09-01');
  const GROUPS: [string, string, number, number, string, string | null, string][] = [
    // key, kindergarten, age_from, age_to, focus, impairment, stay mode
    ['infants', kA, 0, 1, 'general', null, 'full'],
    ['early', kA, 1, 3, 'general', null, 'short'],
    ['speech', kA, 5, 7, 'compensating', 'speech', 'full'],
    ['autism', kA, 3, 5, 'compensating', 'autism', 'extended'],
    ['combined', kA, 3, 7, 'combined', 'hearing', 'round_the_clock'],
    ['health', kA, 4, 5, 'health', null, 'full'],
    ['care', kA, 1, 2, 'care', null, 'short'],
    ['empty', kA, 2, 3, 'general', null, 'full'],
    ['delay', kA, 6, 6, 'compensating', 'mental_delay', 'full'],
    ['romashka', kB, 3, 5, 'general', null, 'full'],
  ];
  for (const [key, org, from, to, focus, impairment, mode] of GROUPS) {
    const r = await s.owner.query(
      `INSERT INTO units (organization_id, academic_year_id, kind, name, age_from, age_to, group_focus,
                          impairment_type, stay_mode, capacity)
       VALUES ($1, $2, 'group', $3, $4, $5, $6, $7, $8, 20) RETURNING id`,
      [org, year, `Группа ${key}`, from, to, focus, impairment, mode],
    );
    group[key] = r.rows[0].id;
  }
  const KIDS: Kid[] = [
    {
      key: 'infant',
      birth: '2023-06-01',
      from: '2023-09-01',
      to: null,
      groups: [
        ['infants', '2023-09-01'],
        ['early', '2024-09-01'],
      ],
    },
    { key: 'toddler', birth: '2022-03-03', from: '2023-09-01', to: null, groups: [['early', '2023-09-01']] },
    { key: 'careKid', birth: '2022-10-10', from: '2024-01-15', to: null, groups: [['care', '2024-01-15']] },
    {
      key: 'speechOld',
      birth: '2018-04-04',
      from: '2022-09-01',
      to: '2024-09-01',
      groups: [['speech', '2022-09-01']],
    },
    // Also in an additional programme of the same kindergarten: her days count once.
    {
      key: 'speechTwoProgrammes',
      birth: '2019-05-05',
      from: '2023-09-01',
      to: null,
      groups: [['speech', '2023-09-01']],
      extra: true,
    },
    {
      key: 'autistic',
      birth: '2020-02-02',
      from: '2023-09-01',
      to: null,
      groups: [['autism', '2023-09-01']],
    },
    {
      key: 'combined1',
      birth: '2019-09-09',
      from: '2023-09-01',
      to: null,
      groups: [['combined', '2023-09-01']],
    },
    {
      key: 'janFirst',
      birth: '2021-01-01',
      from: '2024-03-01',
      to: null,
      groups: [['combined', '2024-03-01']],
    },
    { key: 'healthy', birth: '2019-12-31', from: '2023-09-01', to: null, groups: [['health', '2023-09-01']] },
    // Leaves on 1 February 2025 — until a correction says she left on 1 May 2024; the only child of «delay».
    {
      key: 'corrected',
      birth: '2018-07-07',
      from: '2023-09-01',
      to: '2025-02-01',
      groups: [['delay', '2023-09-01']],
    },
    // In no group: counted in no group cell, yet her days are days of the kindergarten's children.
    { key: 'unplaced', birth: '2020-08-08', from: '2024-02-01', to: null, groups: [] },
    {
      key: 'otherKindergarten',
      birth: '2020-01-10',
      org: () => kB,
      from: '2022-09-01',
      to: null,
      groups: [['romashka', '2022-09-01']],
    },
  ];
  const months: string[] = [];
  for (let y = 2023; y <= 2025; y++)
    for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}-01`);
  await s.owner.query(`SELECT attendance_ensure_partitions($1::date[])`, [months]);
  let n = 0;
  for (const kid of KIDS) {
    n++;
    const org = kid.org?.() ?? kA;
    const p = await s.owner.query(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex)
       VALUES ($1, $2, 'Тестовна', $3, 'female') RETURNING id`,
      [`Группова${String(n).padStart(2, '0')}`, kid.key, kid.birth],
    );
    child[kid.key] = p.rows[0].id;
    const e = await s.owner.query(
      `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on, ended_on)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [child[kid.key], org, org === kA ? pre : preB, kid.from, kid.to],
    );
    for (let i = 0; i < kid.groups.length; i++) {
      const [g, from] = kid.groups[i]!;
      const to = kid.groups[i + 1]?.[1] ?? kid.to;
      await s.owner.query(
        `INSERT INTO placements (enrollment_id, unit_id, valid_from, valid_to) VALUES ($1, $2, $3, $4)`,
        [e.rows[0].id, group[g], from, to],
      );
    }
    if (kid.extra)
      await s.owner.query(
        `INSERT INTO enrollments (person_id, organization_id, programme_id, started_on) VALUES ($1, $2, $3, $4)`,
        [child[kid.key], org, extra, '2023-10-01'],
      );
    // Records from before the enrollment to after its end: only the days in force may count.
    await attendance(org, child[kid.key]!, '2023-06-01', '2024-12-31', n);
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

describe('85-К sections 4 and 2.3 computed from the dated history', () => {
  it('equal the hand-written SQL in every cell on three dates, before and after a backdated exit', async () => {
    const before = new Map<string, Report>();
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${kA}&asOf=${asOf}`);
      expect(r.controlFailures).toEqual([]);
      await expectEveryCellByHand(r, [kA], asOf);
      before.set(asOf, r);
    }
    // Not a trivial world: on 1 June 2024 eight groups with ten children; every band but under a year
    // is taken, the empty group counts nowhere, the group of six-year-olds is «5 лет и старше».
    const june = cellsOf(before.get('2024-06-01')!, '4');
    expect([june.get('401:3'), june.get('401:9')]).toEqual([8, 10]);
    expect([4, 5, 6, 7, 8].map((c) => june.get(`401:${c}`))).toEqual([1, 2, 2, 2, 1]);
    expect([june.get('402:3'), june.get('404:3'), june.get('408:3'), june.get('409:3')]).toEqual([
      3, 1, 2, 1,
    ]);
    expect([june.get('451:3'), june.get('453:3'), june.get('454:3'), june.get('455:3')]).toEqual([
      2, 4, 1, 1,
    ]);
    expect(june.get('418:14')).toBe(2);
    const days = cellsOf(before.get('2024-12-31')!, '2.3');
    expect(days.get('01:3')).toBeGreaterThan(1000);
    expect(days.get('02:3')).toBe(days.get('03:3')! + days.get('04:3')!);
    expect(days.get('03:3')).toBeGreaterThan(0);
    expect(days.get('04:3')).toBeGreaterThan(0);
    expect(days.get('01:4')).toBeLessThan(days.get('01:3')!);

    await backdateExit();
    for (const asOf of DATES) {
      const r = await report(regional, `organizationId=${kA}&asOf=${asOf}`);
      expect(r.controlFailures).toEqual([]);
      await expectEveryCellByHand(r, [kA], asOf);
      const was = cellsOf(before.get(asOf)!, '4');
      const now = cellsOf(r, '4');
      // From 1 June 2024 on her group is gone with her; 31 December 2023 is untouched.
      const delta = asOf === '2023-12-31' ? 0 : 1;
      expect(now.get('408:3'), asOf).toBe(was.get('408:3')! - delta);
      expect(now.get('401:9'), asOf).toBe(was.get('401:9')! - delta);
      // Her days after 1 May 2024 are no longer days of the kindergarten's children.
      const daysWas = cellsOf(before.get(asOf)!, '2.3').get('01:3')!;
      const daysNow = cellsOf(r, '2.3').get('01:3')!;
      if (asOf === '2023-12-31') expect(daysNow).toBe(daysWas);
      else expect(daysNow).toBeLessThan(daysWas);
    }
  });

  it('a municipality and the region count the kindergartens in the reader’s scope; a kindergarten its own', async () => {
    const asOf = '2024-06-01';
    const reg = await report(regional, `territoryId=${region}&asOf=${asOf}`);
    await expectEveryCellByHand(reg, [kA, kB], asOf);
    expect(reg.controlFailures).toEqual([]);
    const an = await report(analyst, `territoryId=${region}&asOf=${asOf}`);
    expect(an.sections).toEqual(reg.sections);
    const own = await report(adminB, `territoryId=${region}&asOf=${asOf}`);
    await expectEveryCellByHand(own, [kB], asOf);
    expect(cellsOf(own, '4').get('401:3')).toBe(1);
  });

  it('reports a planted inconsistency on its cells: a compensating group without its impairment', async () => {
    await s.owner.query(`UPDATE units SET impairment_type = NULL WHERE id = $1`, [group.speech]);
    try {
      const r = await report(adminA, `organizationId=${kA}&asOf=2024-06-01`);
      // After the correction above: compensating are «speech» (5–7 years, two children) and «autism»
      // (one child). Without its impairment «speech» breaks 402 = 403 + … in columns 3 and 7 (groups),
      // 9 and 13 (children); the other columns hold.
      expect(
        r.controlFailures.map((f) => `${f.control} ${f.left.map((c) => `${c.row}:${c.column}`).join('+')}`),
      ).toEqual(['4.2 402:3', '4.2 402:7', '4.2 402:9', '4.2 402:13']);
      const byColumn = new Map(r.controlFailures.map((f) => [f.left[0]!.column, f]));
      expect([byColumn.get('3')!.leftValue, byColumn.get('3')!.rightValue]).toEqual([2, 1]);
      expect([byColumn.get('9')!.leftValue, byColumn.get('9')!.rightValue]).toEqual([3, 1]);
      // The XLSX shades the broken cells and lists the ratio on «Контроль».
      const x = await get(adminA, `${FORM}/report.xlsx?organizationId=${kA}&asOf=2024-06-01`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      const control = wb.getWorksheet('Контроль')!;
      const listed: string[] = [];
      control.eachRow((row) => {
        listed.push(`${row.getCell(2).value} ${row.getCell(4).value}`);
      });
      expect(listed).toContain('4.2 стр. 402 гр. 3');
    } finally {
      await s.owner.query(`UPDATE units SET impairment_type = 'speech' WHERE id = $1`, [group.speech]);
    }
  });
});

describe('drill-down: the groups, the children and their days behind a cell', () => {
  it('lists as many groups or children as each cell of section 4 counts, and audits the reads', async () => {
    const asOf = '2024-06-01';
    const r = await report(adminA, `organizationId=${kA}&asOf=${asOf}`);
    const units = new Set(
      sectionOf(r, '4')
        .columns.filter((c) => c.count !== 'persons')
        .map((c) => c.code),
    );
    for (const c of sectionOf(r, '4').cells) {
      if (c.value === 0) continue;
      const what = units.has(c.column) ? 'units' : 'learners';
      const res = await get(
        adminA,
        `${FORM}/cells/${c.row}/${c.column}/${what}?organizationId=${kA}&asOf=${asOf}&limit=200`,
      );
      expect(res.statusCode, `${c.row}:${c.column} ${res.body}`).toBe(200);
      const body = res.json();
      expect([body.items.length, body.totalCount], `${c.row}:${c.column}`).toEqual([c.value, c.value]);
      if (what === 'units') {
        expect(body.items.every((i: { organizationId: string }) => i.organizationId === kA)).toBe(true);
        expect(body.items.every((i: { learners: number }) => i.learners > 0)).toBe(true);
      }
    }
    // The group of children with autism is the one counted in 409.
    const autism = (await get(adminA, `${FORM}/cells/409/3/units?organizationId=${kA}&asOf=${asOf}`)).json();
    expect(autism.items).toMatchObject([{ unitId: group.autism, learners: 1 }]);
    const read = await auditRows(s, `action = 'statForm.units.read' AND actor_user_id = $1`, [adminA.id]);
    expect(read.at(-1)).toMatchObject({ object_type: 'organization', object_id: kA, outcome: 'success' });
  });

  it('a days cell lists its children once each with their days, which sum to the cell, page by page', async () => {
    const asOf = '2024-12-31';
    const r = await report(adminA, `organizationId=${kA}&asOf=${asOf}`);
    for (const c of sectionOf(r, '2.3').cells.filter((x) => !x.manual)) {
      const res = await get(
        adminA,
        `${FORM}/cells/${c.row}/${c.column}/learners?organizationId=${kA}&asOf=${asOf}&limit=200`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.cell.count).toBe('days');
      expect(body.totalDays, `${c.row}:${c.column}`).toBe(c.value);
      const sum = body.items.reduce((t: number, i: { days: number }) => t + i.days, 0);
      expect(sum, `${c.row}:${c.column}`).toBe(c.value);
      const persons = body.items.map((i: { personId: string }) => i.personId);
      expect(new Set(persons).size).toBe(persons.length);
      expect(body.items.every((i: { organizationId: string }) => i.organizationId === kA)).toBe(true);
    }
    // Paging by three walks row 01 whole: each child once, the days adding up to the cell.
    const seen: { personId: string; days: number }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${FORM}/cells/01/3/learners?organizationId=${kA}&asOf=${asOf}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await get(adminA, url);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(new Set(seen.map((x) => x.personId)).size).toBe(seen.length);
    expect(seen.reduce((t, x) => t + x.days, 0)).toBe(cellsOf(r, '2.3').get('01:3'));
    // Two programmes in one kindergarten, one child: her days are listed (and counted) once.
    const twice = seen.filter((x) => x.personId === child.speechTwoProgrammes);
    expect(twice).toHaveLength(1);
    const audit = await auditRows(s, `action = 'statForm.learners.read' AND actor_user_id = $1`, [adminA.id]);
    expect(audit.at(-1)).toMatchObject({ object_type: 'organization', object_id: kA, outcome: 'success' });
    expect(audit.at(-1)!.subject_ids.length).toBeGreaterThan(0);
  });

  it('respects scope: another kindergarten sees only its own children; the analyst counts, not names', async () => {
    const asOf = '2024-12-31';
    const own = await get(adminB, `${FORM}/cells/01/3/learners?territoryId=${region}&asOf=${asOf}&limit=200`);
    expect(own.statusCode).toBe(200);
    expect(own.json().items.map((i: { personId: string }) => i.personId)).toEqual([child.otherKindergarten]);
    for (const path of ['report', 'cells/01/3/learners', 'cells/401/3/units', 'cells/401/9/learners']) {
      for (const q of [`organizationId=${kA}`, `organizationId=${kA.toUpperCase()}`, `territoryId=${munA}`]) {
        const res = await get(adminB, `${FORM}/${path}?${q}&asOf=${asOf}`);
        expect(res.statusCode, `${path}?${q}`).toBe(404);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
      }
    }
    const names = await get(analyst, `${FORM}/cells/01/3/learners?territoryId=${region}&asOf=${asOf}`);
    expect(names.statusCode).toBe(403);
    const groups = await get(analyst, `${FORM}/cells/401/3/units?territoryId=${region}&asOf=2024-06-01`);
    expect(groups.statusCode).toBe(200);
    // Seven groups of A after the correction, and B's.
    expect(groups.json().totalCount).toBe(8);
    // A days cell is not a list of groups, a groups cell not a list of children.
    const wrong = await get(adminA, `${FORM}/cells/01/3/units?organizationId=${kA}&asOf=${asOf}`);
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'business_rule']);
    const wrong2 = await get(adminA, `${FORM}/cells/401/3/learners?organizationId=${kA}&asOf=${asOf}`);
    expect([wrong2.statusCode, wrong2.json().code]).toEqual([422, 'business_rule']);
  });
});

describe('the report under attack and in XLSX', () => {
  it('an upper-case id is the same kindergarten; twenty identical requests at once agree', async () => {
    const lower = await report(adminA, `organizationId=${kA}&asOf=2024-06-01`);
    const upper = await report(adminA, `organizationId=${kA.toUpperCase()}&asOf=2024-06-01`);
    expect(upper.sections).toEqual(lower.sections);
    const all = await Promise.all(
      Array.from({ length: 20 }, () => get(adminA, `${FORM}/report?organizationId=${kA}&asOf=2024-06-01`)),
    );
    expect(all.map((x) => x.statusCode)).toEqual(Array(20).fill(200));
    for (const x of all) expect(x.json().sections).toEqual(lower.sections);
  });

  it('answers problem+json for a NUL byte, an unknown cell and a bad cursor, never 500', async () => {
    const cases: [string, number][] = [
      [`${FORM}/cells/01%00/3/learners?organizationId=${kA}`, 400],
      [`${FORM}/cells/01/3/learners?organizationId=${kA}&cursor=%00`, 400],
      [`${FORM}/report?organizationId=${kA}%00`, 400],
      [`${FORM}/report?organizationId=${kA}&asOf=2024-12-31%00`, 400],
      [`${FORM}/cells/405/3/units?organizationId=${kA}`, 404],
      [`${FORM}/cells/06/3/learners?organizationId=${kA}`, 404],
      // A cell entered by hand has no list behind it.
      [`${FORM}/cells/05/3/learners?organizationId=${kA}`, 422],
      [`${FORM}/cells/01/5/learners?organizationId=${kA}`, 404],
    ];
    for (const [url, status] of cases) {
      const res = await get(adminA, url);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toMatch(/problem\+json/);
    }
  });

  it('the XLSX carries sections 2.3 and 4 with their codes and the JSON report’s values', async () => {
    const query = `organizationId=${kA}&asOf=2024-12-31`;
    const json = await report(adminA, query);
    const res = await get(adminA, `${FORM}/report.xlsx?${query}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Форма')!;
    const lines: string[] = [];
    const cells = new Map<string, unknown>();
    let codes: string[] | null = null;
    ws.eachRow((row) => {
      const v = (k: number) => row.getCell(k).value;
      lines.push(String(v(1) ?? ''));
      if (v(1) === '1' && v(2) === '2') {
        codes = [];
        row.eachCell((c, k) => {
          codes![k] = String(c.value);
        });
        return;
      }
      if (codes && typeof v(2) === 'string')
        for (let k = 3; k < codes.length; k++) cells.set(`${v(2)}:${codes[k]}`, v(k));
    });
    expect(lines.some((l) => l.startsWith('Раздел 2.3. Посещаемость'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Раздел 4. Распределение групп'))).toBe(true);
    expect(lines).toContain('Единица счета: день (человеко-день)');
    for (const code of ['2.3', '4']) {
      for (const c of sectionOf(json, code).cells)
        expect(cells.get(`${c.row}:${c.column}`), `${c.row}:${c.column}`).toBe(c.value);
    }
  });
});

describe('the definition vocabulary for days and groups', () => {
  const form85k = () =>
    JSON.parse(readDefinitionFiles(DEFINITIONS_DIR).find((f) => f.name === '85-k.2024.json')!.text);
  const refused = (edit: (d: ReturnType<typeof form85k>) => void) => {
    const d = form85k();
    edit(d);
    try {
      loadDefinitions([{ name: 'k.json', text: JSON.stringify(d) }]);
    } catch (e) {
      return problemBody(e as Parameters<typeof problemBody>[0]).errors.map((x) => `${x.path} ${x.message}`);
    }
    throw new Error('the broken definition was accepted');
  };
  const at = (code: string) => form85k().sections.findIndex((x: { code: string }) => x.code === code);

  it('days are counted only by the attendance measure, which counts nothing else', () => {
    const days = at('2.3');
    expect(
      refused((d) => {
        delete d.sections[days].columns[1].measure;
      }),
    ).toEqual([
      expect.stringMatching(new RegExp(`^k\\.json:sections\\[${days}\\]\\.columns\\[1\\] .*мере attendance`)),
    ]);
    expect(
      refused((d) => {
        d.sections[days].columns[0].count = 'persons';
      })[0],
    ).toMatch(/графа 3, строка 01 — дни посещаемости/);
  });

  it('an attendance section filters no groups; an age band and an impairment take their domains only', () => {
    const days = at('2.3');
    const groups = at('4');
    expect(
      refused((d) => {
        d.sections[days].population.push({ field: 'unit.groupFocus', in: ['general'] });
      }),
    ).toContainEqual(expect.stringMatching(/не связаны с классом \(группой\)/));
    expect(
      refused((d) => {
        d.sections[groups].columns[1].filters = [{ field: 'unit.ageBand', in: ['toddlers'] }];
      })[0],
    ).toMatch(new RegExp(`^k\\.json:sections\\[${groups}\\]\\.columns\\[1\\]\\.filters\\[0\\]\\.in\\[0\\]`));
    expect(
      refused((d) => {
        d.sections[groups].rows[2].filters[1] = { field: 'unit.impairment', in: ['tnr'] };
      })[0],
    ).toMatch(/rows\[2\]\.filters\[1\]\.in\[0\]/);
  });
});
