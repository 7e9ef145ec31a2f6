import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AttendancePanel,
  ContingentPanel,
  DataQualityPanel,
  OccupancyPanel,
  QueuePanel,
  SignOffPanel,
} from '../../src/server/modules/dashboards/dashboards.schemas.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, programme, unit } from '../support/order-factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { fileQueueApplication, kindergartenGroup } from '../support/queue-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// The dashboards: each panel's figures against a hand-written query over the same small world, its
// spreadsheet against its JSON, and who may read which territory.
let s: TestServer;
let munA: string;
let munB: string;
let regionId: string;
let school: string;
let kindergarten: string;
let ministry: TestUser;
let analyst: TestUser;
let municipalA: TestUser;
let municipalB: TestUser;
let today: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await s.owner.query(text, params)).rows as T[];
const get = (u: TestUser | null, url: string) =>
  s.app.inject({ method: 'GET', url: `/api/v1/dashboards/${url}`, headers: u?.headers ?? {} });
const json = async (u: TestUser, url: string) => {
  const res = await get(u, url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

beforeAll(async () => {
  s = await startTestServer();
  regionId = await buildRegion(s);
  munA = await buildMunicipality(s, 'Ангарский округ');
  munB = await buildMunicipality(s, 'Братский округ');
  ministry = await buildUser(s, 'regional_operator', regionId);
  analyst = await buildUser(s, 'analyst', regionId);
  municipalA = await buildUser(s, 'municipal_specialist', munA);
  municipalB = await buildUser(s, 'municipal_specialist', munB);
  today = (await json(ministry, 'contingent')).asOf;
  const yearStart =
    today.slice(5) >= '09-01' ? `${today.slice(0, 4)}-09-01` : `${Number(today.slice(0, 4)) - 1}-09-01`;
  const year = await academicYear(s, yearStart);

  // Ангарский: a school over its design capacity (4 learners, 2 places; one НОО, one ООО, one without a
  // programme placed in 10th grade, one with neither), one who left, a kindergarten whose capacity is its groups', a centre of additional education.
  school = (await buildOrganization(s, { territoryId: munA, kind: 'school' })).id;
  kindergarten = (await buildOrganization(s, { territoryId: munA, kind: 'preschool' })).id;
  const centre = (await buildOrganization(s, { territoryId: munA, kind: 'additional' })).id;
  await q(`UPDATE organizations SET capacity = 2 WHERE id = $1`, [school]);
  await kindergartenGroup(s, kindergarten, year, { name: 'Младшая', ageFrom: 3, ageTo: 4, capacity: 10 });
  const tenth = await unit(s, school, year, '10А', { grade: 10, capacity: 25 });
  const op = await buildUser(s, 'org_operator', school);
  const pupils = [];
  for (let i = 0; i < 5; i++) pupils.push((await createLearner(s, op, school)).id);
  const noo = await programme(s, school, 'noo');
  const ooo = await programme(s, school, 'ooo');
  await q(`UPDATE enrollments SET programme_id = $2 WHERE person_id = $1`, [pupils[0], noo]);
  await q(`UPDATE enrollments SET programme_id = $2 WHERE person_id = $1`, [pupils[1], ooo]);
  await q(`UPDATE enrollments SET ended_on = $2 WHERE person_id = $1`, [pupils[3], addDays(today, -30)]);
  await q(
    `INSERT INTO placements (enrollment_id, unit_id, valid_from) SELECT id, $2, $3 FROM enrollments WHERE person_id = $1`,
    [pupils[2], tenth, yearStart],
  );
  const child = (await createLearner(s, await buildUser(s, 'org_operator', kindergarten), kindergarten)).id;
  // The same school pupil also attends the centre: one person, counted in two levels, once in the total.
  await q(`INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, '2024-09-01')`, [
    pupils[0],
    centre,
  ]);
  // Братский: one school with one learner.
  const schoolB = (await buildOrganization(s, { territoryId: munB, kind: 'school' })).id;
  const pupilB = (await createLearner(s, await buildUser(s, 'org_operator', schoolB), schoolB)).id;

  // The queue: three children of Ангарский waiting at different ages, one of them offered a place.
  const year0 = Number(today.slice(0, 4)) + (today.slice(5) > '09-01' ? 1 : 0);
  const ref = `${year0}-09-01`;
  const apps = [];
  for (const [age, k] of [
    [2, 0],
    [3, 1],
    [3, 2],
  ] as const)
    apps.push(
      await fileQueueApplication(s, ministry, {
        municipalityId: munA,
        preferences: [kindergarten],
        birthDate: `${year0 - age}-0${3 + k}-15`,
        desiredOn: ref,
      }),
    );
  await q(`UPDATE preschool_applications SET status = 'queued' WHERE municipality_id = $1`, [munA]);
  const run = await q<{ id: string }>(
    `INSERT INTO allocation_runs (municipality_id, kind, reference_date, status, input_sha256, decided_at)
     VALUES ($1, 'main', $2, 'approved', repeat('0', 64), now()) RETURNING id`,
    [munA, ref],
  );
  const group = await q<{ id: string }>(`SELECT id FROM units WHERE organization_id = $1`, [kindergarten]);
  await q(
    `INSERT INTO allocation_run_groups (run_id, unit_id, organization_id, capacity, enrolled, held, computed_free, free)
     VALUES ($1, $2, $3, 10, 1, 0, 9, 9)`,
    [run[0]!.id, group[0]!.id, kindergarten],
  );
  await q(
    `INSERT INTO referrals (application_id, run_id, organization_id, unit_id, kind, number, issued_on, expires_on)
     VALUES ($1, $2, $3, $4, 'placement', '20260801-1/1', $5, $6)`,
    [apps[1]!.id, run[0]!.id, kindergarten, group[0]!.id, today, addDays(today, 30)],
  );
  await q(`UPDATE preschool_applications SET status = 'referred' WHERE id = $1`, [apps[1]!.id]);

  // Attendance: days inside the last four whole weeks, one before them and one of this week (not counted).
  const period = (await json(ministry, 'attendance')) as { from: string; to: string };
  const plant = (org: string, person: string, date: string, status: 'present' | 'absent') =>
    q(
      `INSERT INTO attendance_days (organization_id, person_id, date, status, reason, source_system, source_id, batch_id)
       VALUES ($1, $2, $3, $4, $5, 'test', $6, gen_random_uuid())`,
      [org, person, date, status, status === 'absent' ? 'illness' : null, randomUUID()],
    );
  await plant(school, pupils[0]!, period.from, 'present');
  await plant(school, pupils[1]!, period.from, 'absent');
  await plant(school, pupils[0]!, addDays(period.from, 8), 'present');
  await plant(school, pupils[0]!, period.to, 'absent');
  await plant(schoolB, pupilB, addDays(period.from, 15), 'present');
  await plant(kindergarten, child, addDays(period.from, 22), 'present');
  await plant(school, pupils[1]!, addDays(period.from, -1), 'absent');
  await plant(school, pupils[1]!, addDays(period.to, 1), 'absent');

  // Data quality: two finished runs, the newer one scored per organization.
  const runs = await q<{ id: string }>(
    `INSERT INTO data_quality_runs (month, status, finished_at)
     VALUES ('2026-10-01', 'finished', now() - interval '30 days'), ('2026-11-01', 'finished', now())
     RETURNING id`,
  );
  for (const [r, org, learners, score] of [
    [runs[0]!.id, school, 3, 80],
    [runs[1]!.id, school, 3, 90],
    [runs[1]!.id, kindergarten, 1, 60],
    [runs[1]!.id, schoolB, 1, 100],
  ] as const)
    await q(
      `INSERT INTO data_quality_scores (run_id, organization_id, learners, errors, warnings, score)
       VALUES ($1, $2, $3, 1, 2, $4)`,
      [r, org, learners, score],
    );

  // Sign-off: the school signed ОО-1 for its current reference date, the Братский school's was returned.
  const forms = (await json(ministry, 'sign-off')).forms as {
    code: string;
    edition: string;
    referenceDate: string;
  }[];
  const oo1 = forms.find((f) => f.code === 'oo-1')!;
  const signer = await buildUser(s, 'org_admin', school);
  for (const [org, status] of [
    [school, 'signed'],
    [schoolB, 'returned'],
  ] as const)
    await q(
      `INSERT INTO stat_form_submissions (organization_id, form_code, edition, as_of, cells, signed_at, signed_by, status,
                                          returned_at, returned_by, return_reason)
       VALUES ($1, $2, $3, $4, '[]', now(), $5, $6, $7, $8, $9)`,
      [
        org,
        oo1.code,
        oo1.edition,
        oo1.referenceDate,
        signer.id,
        status,
        status === 'returned' ? new Date() : null,
        status === 'returned' ? ministry.id : null,
        status === 'returned' ? 'Нет данных о классах' : null,
      ],
    );
}, 120_000);
afterAll(() => s.stop());

const inForce = `e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)`;

describe('panels equal a hand-written query', () => {
  it('contingent: persons in force by level and municipality', async () => {
    const body = await json(ministry, 'contingent');
    const rows = await q<{ name: string; level: string; n: number }>(
      `SELECT t.name, coalesce(e.level, CASE o.kind WHEN 'preschool' THEN 'preschool' WHEN 'vocational' THEN 'spo'
                                                   WHEN 'additional' THEN 'additional' END,
                               CASE WHEN u.grade BETWEEN 1 AND 4 THEN 'noo' WHEN u.grade BETWEEN 5 AND 9 THEN 'ooo'
                                    WHEN u.grade >= 10 THEN 'soo' END, 'unknown') AS level,
              count(DISTINCT e.person_id)::int AS n
         FROM enrollments e JOIN organizations o ON o.id = e.organization_id JOIN territories t ON t.id = o.territory_id
         LEFT JOIN placements p ON p.enrollment_id = e.id AND p.valid_from <= $1 AND (p.valid_to IS NULL OR p.valid_to > $1)
         LEFT JOIN units u ON u.id = p.unit_id
        WHERE ${inForce} GROUP BY 1, 2`,
      [today],
    );
    for (const r of rows) {
      const row = body.rows.find((x: { name: string }) => x.name === r.name);
      expect(row.byLevel[r.level], `${r.name} ${r.level}`).toBe(r.n);
    }
    const a = body.rows.find((x: { territoryId: string }) => x.territoryId === munA);
    expect(a.byLevel).toEqual({ preschool: 1, noo: 1, ooo: 1, soo: 1, spo: 0, additional: 1, unknown: 1 });
    expect(a.total).toBe(5);
    const [total] = await q<{ n: number }>(
      `SELECT count(DISTINCT e.person_id)::int AS n FROM enrollments e WHERE ${inForce}`,
      [today],
    );
    expect(body.totals.total).toBe(total!.n);
    expect(body.territory).toEqual({ id: regionId, name: 'Иркутская область', kind: 'region' });
  });

  it('occupancy: design capacity, else this year’s places; the school over capacity on top', async () => {
    const body = await json(ministry, `occupancy?territoryId=${munA}`);
    const orgs = await q<{ id: string; kind: string; capacity: number; learners: number }>(
      `SELECT o.id, o.kind,
              coalesce(o.capacity, (SELECT sum(u.capacity) FROM units u JOIN academic_years y ON y.id = u.academic_year_id
                                     WHERE u.organization_id = o.id AND $1::date BETWEEN y.starts_on AND y.ends_on))::int AS capacity,
              (SELECT count(DISTINCT e.person_id) FROM enrollments e
                WHERE e.organization_id = o.id AND ${inForce} AND e.level IS DISTINCT FROM 'additional')::int AS learners
         FROM organizations o WHERE o.territory_id = $2 AND o.kind IN ('preschool', 'school')`,
      [today, munA],
    );
    for (const kind of ['preschool', 'school']) {
      const of = orgs.filter((o) => o.kind === kind);
      const capacity = of.reduce((x, o) => x + o.capacity, 0);
      const learners = of.reduce((x, o) => x + o.learners, 0);
      expect(body.byKind.find((k: { kind: string }) => k.kind === kind)).toEqual({
        kind,
        organizations: of.length,
        withoutCapacity: 0,
        capacity,
        learners,
        loadPercent: Math.round((learners * 1000) / capacity) / 10,
        overCapacity: of.filter((o) => o.learners > o.capacity).length,
      });
    }
    expect(body.byKind[1]).toMatchObject({ capacity: 2, learners: 4, loadPercent: 200, overCapacity: 1 });
    expect(body.byKind[0]).toMatchObject({ capacity: 10, learners: 1, loadPercent: 10 });
    expect(body.top).toEqual([
      expect.objectContaining({ organizationId: school, capacity: 2, learners: 4, loadPercent: 200 }),
    ]);
    expect(body.rows).toHaveLength(2);
  });

  it('queue: waiting applications by age on 1 September, and the places offered', async () => {
    const body = await json(municipalA, 'queue');
    const rows = await q<{ age: number; waiting: number; offered: number }>(
      `SELECT extract(year FROM age($1::date, p.birth_date))::int AS age,
              count(*) FILTER (WHERE a.status IN ('queued', 'awaiting_confirmation', 'wants_change'))::int AS waiting,
              count(r.id)::int AS offered
         FROM preschool_applications a JOIN persons p ON p.id = a.child_id
         LEFT JOIN referrals r ON r.application_id = a.id AND r.status = 'issued'
        WHERE a.municipality_id = $2 GROUP BY 1 ORDER BY 1`,
      [body.referenceDate, munA],
    );
    expect(body.bands).toEqual(rows);
    expect(body.totals).toEqual({ waiting: 2, offered: 1 });
    expect(body.rows).toEqual([{ territoryId: munA, name: 'Ангарский округ', waiting: 2, offered: 1 }]);
    expect(body.referenceDate.slice(5)).toBe('09-01');
  });

  it('attendance: present share of marked days in the four whole weeks, by kind, municipality and week', async () => {
    const body = await json(analyst, 'attendance');
    const days = (where: string, params: unknown[] = []) =>
      q<{ days: number; present: number }>(
        `SELECT count(*)::int AS days, count(*) FILTER (WHERE d.status = 'present')::int AS present
           FROM attendance_days d JOIN organizations o ON o.id = d.organization_id
          WHERE d.date >= $1 AND d.date <= $2 AND ${where}`,
        [body.from, body.to, ...params],
      ).then((r) => r[0]!);
    const share = (f: { days: number; present: number }) => ({
      ...f,
      sharePercent: f.days ? Math.round((f.present * 1000) / f.days) / 10 : null,
    });
    expect(body.summary).toEqual(share(await days('true')));
    expect(body.summary).toEqual({ days: 6, present: 4, sharePercent: 66.7 });
    for (const k of body.byKind)
      expect(k).toEqual({ kind: k.kind, ...share(await days('o.kind = $3', [k.kind])) });
    for (const r of body.rows)
      expect(r).toMatchObject(share(await days('o.territory_id = $3', [r.territoryId])));
    expect(body.weeks.map((w: { weekStart: string }) => w.weekStart)).toEqual(
      [0, 7, 14, 21].map((n) => addDays(body.from, n)),
    );
    for (const w of body.weeks)
      expect(w).toMatchObject(share(await days('d.date - $3::date BETWEEN 0 AND 6', [w.weekStart])));
    expect(new Date(`${body.from}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(addDays(body.from, 27)).toBe(body.to);
  });

  it('data quality: the last run weighted by learners, per municipality, with the trend', async () => {
    const body = await json(ministry, 'data-quality');
    const [w] = await q<{ score: number }>(
      `SELECT round(sum(sc.score * greatest(sc.learners, 1)) / sum(greatest(sc.learners, 1)), 1)::float8 AS score
         FROM data_quality_scores sc JOIN organizations o ON o.id = sc.organization_id
        WHERE sc.run_id = (SELECT id FROM data_quality_runs ORDER BY finished_at DESC LIMIT 1) AND o.territory_id = $1`,
      [munA],
    );
    expect(body.rows.find((r: { territoryId: string }) => r.territoryId === munA)).toMatchObject({
      learners: 4,
      score: w!.score,
    });
    expect(w!.score).toBe(82.5);
    expect(body.summary).toMatchObject({ learners: 5, errors: 3, warnings: 6, score: 86 });
    expect(body.trend).toEqual([
      { month: '2026-10-01', score: 80 },
      { month: '2026-11-01', score: 86 },
    ]);
    expect(body.worst[0]).toMatchObject({ organizationId: kindergarten, score: 60 });
  });

  it('sign-off: respondents of each current form signed, returned or missing on its reference date', async () => {
    const body = await json(ministry, `sign-off?territoryId=${munA}`);
    const oo1 = body.forms.find((f: { code: string }) => f.code === 'oo-1');
    const [x] = await q<{ expected: number; signed: number; returned: number }>(
      `SELECT count(*)::int AS expected, count(*) FILTER (WHERE s.status = 'signed')::int AS signed,
              count(*) FILTER (WHERE s.status = 'returned')::int AS returned
         FROM organizations o
         LEFT JOIN stat_form_submissions s ON s.organization_id = o.id AND s.form_code = 'oo-1' AND s.as_of = $1
        WHERE o.territory_id = $2 AND o.kind = 'school'`,
      [oo1.referenceDate, munA],
    );
    expect(oo1).toMatchObject({ ...x, missing: x!.expected - x!.signed - x!.returned });
    expect(oo1).toMatchObject({ expected: 1, signed: 1, returned: 0, missing: 0 });
    const region = await json(ministry, 'sign-off');
    expect(region.forms.find((f: { code: string }) => f.code === 'oo-1')).toMatchObject({
      expected: 2,
      signed: 1,
      returned: 1,
    });
    expect(body.forms.map((f: { code: string; name: string }) => `${f.code} ${f.name}`)).toEqual([
      '1-dop 1-ДОП',
      '85-k 85-К',
      'oo-1 ОО-1',
      'spo-1 СПО-1',
    ]);
  });
});

describe('spreadsheets', () => {
  const panels = ['contingent', 'occupancy', 'queue', 'attendance', 'data-quality', 'sign-off'];

  it.each(panels)(
    '%s.xlsx holds the title, the territory, the date and the figures of the JSON',
    async (panel) => {
      const data = await json(ministry, `${panel}?territoryId=${munA}`);
      const res = await get(ministry, `${panel}.xlsx?territoryId=${munA}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain(`dashboard-${panel}-${data.asOf}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const rows: unknown[][] = [];
      ws.eachRow({ includeEmpty: false }, (r) => rows.push((r.values as unknown[]).slice(1)));
      expect(rows[1]).toEqual(['Территория: Ангарский округ']);
      expect(rows[2]).toEqual([`На дату: ${data.asOf.split('-').reverse().join('.')}`]);
      const numbers = rows
        .slice(3)
        .flat()
        .filter((v) => typeof v === 'number');
      const expected = figures(panel, data);
      expect(numbers).toEqual(expected);
    },
  );
});

/** The panel's figures in the order of its spreadsheet's tables (rows, then columns). */
function figures(panel: string, data: unknown): number[] {
  const levels = ['preschool', 'noo', 'ooo', 'soo', 'spo', 'additional', 'unknown'] as const;
  type Occ = OccupancyPanel['byKind'][number];
  type Att = AttendancePanel['summary'];
  const occ = (x: Occ) => [
    x.organizations,
    x.withoutCapacity,
    x.capacity,
    x.learners,
    x.loadPercent,
    x.overCapacity,
  ];
  const att = (x: Att) => [x.days, x.present, x.sharePercent];
  const nums = (list: unknown[]) => list.filter((v): v is number => typeof v === 'number');
  if (panel === 'contingent') {
    const d = data as ContingentPanel;
    return nums([
      ...d.rows.flatMap((r) => [...levels.map((l) => r.byLevel[l]), r.total]),
      ...levels.map((l) => d.totals[l]),
      d.totals.total,
    ]);
  }
  if (panel === 'occupancy') {
    const d = data as OccupancyPanel;
    return nums([
      ...d.byKind.flatMap(occ),
      ...d.rows.flatMap(occ),
      ...d.top.flatMap((o) => [o.capacity, o.learners, o.loadPercent]),
    ]);
  }
  if (panel === 'queue') {
    const d = data as QueuePanel;
    return nums([
      ...d.bands.flatMap((b) => [b.age, b.waiting, b.offered]),
      d.totals.waiting,
      d.totals.offered,
      ...d.rows.flatMap((r) => [r.waiting, r.offered]),
    ]);
  }
  if (panel === 'attendance') {
    const d = data as AttendancePanel;
    return nums([
      ...d.byKind.flatMap(att),
      ...att(d.summary),
      ...d.rows.flatMap(att),
      ...d.weeks.flatMap(att),
    ]);
  }
  if (panel === 'data-quality') {
    const d = data as DataQualityPanel;
    return nums([
      ...d.rows.flatMap((r) => [r.learners, r.score]),
      d.summary?.learners ?? 0,
      d.summary?.score,
      ...d.worst.flatMap((o) => [o.learners, o.errors, o.warnings, o.score]),
      ...d.trend.map((x) => x.score),
    ]);
  }
  return nums((data as SignOffPanel).forms.flatMap((f) => [f.expected, f.signed, f.returned, f.missing]));
}

describe('who reads which territory', () => {
  it('a municipality reads its own by default, and neither the region nor another municipality', async () => {
    expect((await json(municipalA, 'contingent')).territory.id).toBe(munA);
    for (const id of [munB, regionId]) {
      const res = await get(municipalA, `contingent?territoryId=${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('not_found');
    }
    expect((await get(municipalB, `queue.xlsx?territoryId=${munA}`)).statusCode).toBe(404);
    const denied = await q(
      `SELECT 1 FROM audit_log WHERE action = 'dashboard.read' AND object_id = $1 AND outcome = 'denied'`,
      [munB],
    );
    expect(denied.length).toBeGreaterThan(0);
  });

  it('the ministry and the analyst read any municipality; an upper-case id is the same territory', async () => {
    for (const u of [ministry, analyst]) {
      const body = await json(u, `occupancy?territoryId=${munB.toUpperCase()}`);
      expect(body.territory).toEqual({ id: munB, name: 'Братский округ', kind: 'municipality' });
    }
  });

  it('organizations’ roles get 403, an anonymous caller 401, all as problem+json', async () => {
    for (const role of ['org_admin', 'org_operator'] as const) {
      const res = await get(await buildUser(s, role, school), 'contingent');
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get(null, 'contingent')).statusCode).toBe(401);
  });

  it('an unknown territory is 404; a malformed id, a NUL byte or an unknown parameter is 400 with the field', async () => {
    expect((await get(ministry, `attendance?territoryId=${randomUUID()}`)).statusCode).toBe(404);
    const school404 = await get(ministry, `attendance?territoryId=${school}`);
    expect(school404.statusCode).toBe(404);
    for (const bad of ['territoryId=abc', 'territoryId=%00', `territoryId=${munA}%00`, 'other=1']) {
      const res = await get(ministry, `contingent?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('validation_failed');
    }
  });

  it('a view is recorded once, as the dashboard read of its panel and territory', async () => {
    const reader = await buildUser(s, 'analyst', regionId);
    for (const panel of ['sign-off', 'data-quality.xlsx'])
      expect((await get(reader, panel)).statusCode).toBe(200);
    const rows = await q<{ action: string; object_id: string; panel: string; format: string }>(
      `SELECT action, object_id, details->>'panel' AS panel, details->>'format' AS format
         FROM audit_log WHERE actor_user_id = $1 ORDER BY at`,
      [reader.id],
    );
    expect(rows.filter((r) => r.action !== 'auth.login')).toEqual([
      { action: 'dashboard.read', object_id: regionId, panel: 'sign-off', format: 'json' },
      { action: 'dashboard.read', object_id: regionId, panel: 'data-quality', format: 'xlsx' },
    ]);
  });

  it('twenty identical requests at once answer the same figures', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, () => get(analyst, 'contingent')));
    expect(new Set(all.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(new Set(all.map((r) => r.body)).size).toBe(1);
  });

  it('answers carry counts and organization names, never a learner', async () => {
    const ids = await q<{ id: string }>(`SELECT id FROM persons`);
    for (const panel of ['contingent', 'occupancy', 'queue', 'attendance', 'data-quality', 'sign-off']) {
      const body = (await get(ministry, panel)).body;
      for (const { id } of ids) expect(body).not.toContain(id);
    }
  });
});
