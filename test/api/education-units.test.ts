import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let m: string;
let school: string;
let kindergarten: string;
let otherSchool: string;
let regionOp: TestUser;
let municipal: TestUser;
let otherMunicipal: TestUser;
let admin: TestUser;
let operator: TestUser;
let analyst: TestUser;
let otherAdmin: TestUser;
let y25: string;
let y26: string;
let ooo: string;

const call = (u: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  s.app.inject({ method, url: `/api/v1${url}`, headers: u.headers, ...(payload ? { payload } : {}) });
const q = (text: string, params: unknown[] = []) => s.owner.query(text, params);

beforeAll(async () => {
  s = await startTestServer();
  m = await buildMunicipality(s);
  const m2 = await buildMunicipality(s);
  school = (await buildOrganization(s, { territoryId: m, kind: 'school' })).id;
  kindergarten = (await buildOrganization(s, { territoryId: m, kind: 'preschool' })).id;
  otherSchool = (await buildOrganization(s, { territoryId: m2, kind: 'school' })).id;
  const region = (await q(`SELECT id FROM territories WHERE kind = 'region'`)).rows[0].id;
  regionOp = await buildUser(s, 'regional_operator', region);
  municipal = await buildUser(s, 'municipal_specialist', m);
  otherMunicipal = await buildUser(s, 'municipal_specialist', m2);
  admin = await buildUser(s, 'org_admin', school);
  operator = await buildUser(s, 'org_operator', school);
  otherAdmin = await buildUser(s, 'org_admin', otherSchool);
  analyst = await buildUser(s, 'analyst', region);
  y25 = (await call(regionOp, 'POST', '/academic-years', { startYear: 2025 })).json().id;
  y26 = (await call(regionOp, 'POST', '/academic-years', { startYear: 2026 })).json().id;
  ooo = (
    await call(admin, 'POST', `/organizations/${school}/programmes`, {
      name: 'ООП ООО',
      level: 'ooo',
      durationMonths: 60,
    })
  ).json().id;
});
afterAll(() => s.stop());

const klass = (grade: number, letter: string, over: Record<string, unknown> = {}) => ({
  academicYearId: y25,
  kind: 'class',
  grade,
  letter,
  capacity: 25,
  ...over,
});

describe('units', () => {
  it('creates a class named by grade and letter with its type, shift and language', async () => {
    const res = await call(
      admin,
      'POST',
      `/organizations/${school}/units`,
      klass(4, 'А', { shift: 2, teachingLanguage: 'русский' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '4А', grade: 4, classType: 'general', shift: 2, version: 1 });
    const profile = await call(
      admin,
      'POST',
      `/organizations/${school}/units`,
      klass(10, 'А', { classType: 'profile', profileName: 'Технологический' }),
    );
    expect(profile.statusCode).toBe(201);
    const noProfile = await call(
      admin,
      'POST',
      `/organizations/${school}/units`,
      klass(10, 'Б', { classType: 'profile' }),
    );
    expect(noProfile.json().errors[0]).toMatchObject({ path: 'body.profileName', code: 'required' });
  });

  it('refuses a grade out of range, a kind the organization does not run, attributes of another kind, NUL bytes', async () => {
    const grade = await call(admin, 'POST', `/organizations/${school}/units`, klass(13, 'А'));
    expect(grade.statusCode).toBe(400);
    expect(grade.json().errors[0].path).toBe('body.grade');
    const group = await call(admin, 'POST', `/organizations/${school}/units`, {
      academicYearId: y25,
      kind: 'group',
      name: 'Солнышко',
    });
    expect(group.json().errors[0]).toMatchObject({ path: 'body.kind', code: 'kind_not_for_organization' });
    const classInDoo = await call(municipal, 'POST', `/organizations/${kindergarten}/units`, klass(1, 'А'));
    expect(classInDoo.json().errors[0].code).toBe('kind_not_for_organization');
    const stay = await call(
      admin,
      'POST',
      `/organizations/${school}/units`,
      klass(3, 'В', { stayMode: 'full' }),
    );
    expect(stay.json().errors[0]).toMatchObject({ path: 'body.stayMode', code: 'not_for_kind' });
    const nul = await call(admin, 'POST', `/organizations/${school}/units`, klass(3, 'В\u0000'));
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0].path).toBe('body.letter');
    const year = await call(
      admin,
      'POST',
      `/organizations/${school}/units`,
      klass(3, 'В', { academicYearId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(year.json().errors[0]).toMatchObject({ path: 'body.academicYearId', code: 'not_found' });
    const assoc = await call(admin, 'POST', `/organizations/${school}/units`, {
      academicYearId: y25,
      kind: 'association',
      name: 'Шахматы',
      programmeId: ooo,
    });
    expect(assoc.json().errors[0]).toMatchObject({ path: 'body.programmeId', code: 'level_mismatch' });
  });

  it('a compensating group names the impairment; a kindergarten group has its age band and stay mode', async () => {
    const none = await call(municipal, 'POST', `/organizations/${kindergarten}/units`, {
      academicYearId: y25,
      kind: 'group',
      name: 'Логопедическая',
      groupFocus: 'compensating',
    });
    expect(none.json().errors[0]).toMatchObject({ path: 'body.impairmentType', code: 'required' });
    const ok = await call(municipal, 'POST', `/organizations/${kindergarten}/units`, {
      academicYearId: y25,
      kind: 'group',
      name: 'Логопедическая',
      groupFocus: 'compensating',
      impairmentType: 'speech',
      stayMode: 'extended',
      ageFrom: 5,
      ageTo: 7,
      capacity: 12,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ impairmentType: 'speech', stayMode: 'extended', ageFrom: 5, ageTo: 7 });
  });

  it('edits a class with its version: a new grade renames it, a stale version answers 409', async () => {
    const c = (await call(admin, 'POST', `/organizations/${school}/units`, klass(7, 'В'))).json();
    const edited = await call(admin, 'PATCH', `/units/${c.id.toUpperCase()}`, {
      version: 1,
      grade: 8,
      capacity: 30,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: '8В', grade: 8, capacity: 30, version: 2 });
    expect((await call(admin, 'PATCH', `/units/${c.id}`, { version: 1, capacity: 20 })).statusCode).toBe(409);
    expect((await call(admin, 'DELETE', `/units/${c.id}`)).statusCode).toBe(204);
  });

  it("hides another organization's units and another municipality's as 404, and refuses roles without the right", async () => {
    const theirs = (
      await call(otherAdmin, 'POST', `/organizations/${otherSchool}/units`, { ...klass(5, 'А') })
    ).json();
    expect((await call(admin, 'GET', `/units/${theirs.id}`)).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', `/units/${theirs.id}`, { version: 1, capacity: 2 })).statusCode).toBe(
      404,
    );
    expect((await call(admin, 'GET', `/units/${theirs.id}/learners`)).statusCode).toBe(404);
    expect((await call(municipal, 'GET', `/units/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (await call(municipal, 'POST', `/organizations/${otherSchool}/units`, klass(6, 'А'))).statusCode,
    ).toBe(404);
    expect(
      (await call(otherMunicipal, 'GET', `/organizations/${school}/contingent-by-unit`)).statusCode,
    ).toBe(404);
    expect((await call(otherMunicipal, 'GET', `/territories/${m}/learner-counts`)).statusCode).toBe(404);
    expect((await call(operator, 'POST', `/organizations/${school}/units`, klass(6, 'А'))).statusCode).toBe(
      403,
    );
    expect((await call(analyst, 'GET', `/units/${theirs.id}/learners`)).statusCode).toBe(403);
    expect((await call(regionOp, 'GET', `/units/${theirs.id}`)).statusCode).toBe(200);
  });
});

describe("copying last year's units", () => {
  it('moves classes up a grade with the same letters, leaves out the 11th, and a second call creates nothing', async () => {
    await call(admin, 'POST', `/organizations/${school}/units`, klass(11, 'А'));
    await call(admin, 'POST', `/organizations/${school}/units`, klass(9, 'А'));
    const first = await call(admin, 'POST', `/organizations/${school}/units/copy`, {
      fromYearId: y25,
      toYearId: y26,
    });
    expect(first.statusCode).toBe(200);
    const names = first.json().created.map((c: { name: string }) => c.name);
    expect(names).toEqual(['5А', '10А', '11А']);
    expect(first.json().notCopied).toEqual([
      expect.objectContaining({ name: '11А', reason: 'Выпускной класс' }),
    ]);
    const again = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(admin, 'POST', `/organizations/${school}/units/copy`, { fromYearId: y25, toYearId: y26 }),
      ),
    );
    for (const r of again) {
      expect(r.statusCode).toBe(200);
      expect(r.json().created).toEqual([]);
      expect(r.json().alreadyCopied).toBe(3);
    }
    const n = await q(
      `SELECT count(*)::int AS n FROM units WHERE organization_id = $1 AND academic_year_id = $2`,
      [school, y26],
    );
    expect(n.rows[0].n).toBe(3);
    const back = await call(admin, 'POST', `/organizations/${school}/units/copy`, {
      fromYearId: y26,
      toYearId: y25,
    });
    expect(back.json().errors[0]).toMatchObject({ path: 'body.toYearId', code: 'not_later' });
  });
});

describe('contingent as of a date', () => {
  let unit: string;
  let learners: string[];
  let enrollments: string[];

  beforeAll(async () => {
    unit = (
      await call(admin, 'POST', `/organizations/${school}/units`, klass(6, 'Г', { capacity: 3 }))
    ).json().id;
    learners = [];
    enrollments = [];
    for (const [last, first] of [
      ['Яковлева', 'Анна'],
      ['Абрамов', 'Борис'],
      ['Ёлкина', 'Вера'],
    ]) {
      const id = (await createLearner(s, operator, school, { lastName: last, firstName: first })).id;
      learners.push(id);
      const e = await q(`SELECT id FROM enrollments WHERE person_id = $1 AND organization_id = $2`, [
        id,
        school,
      ]);
      enrollments.push(e.rows[0].id);
      // Enrollments made today by the learner form: move their start back so the dated history fits.
      await q(`UPDATE enrollment_status_periods SET valid_from = '2025-09-01' WHERE enrollment_id = $1`, [
        e.rows[0].id,
      ]);
    }
    for (const e of enrollments) {
      await q(`INSERT INTO placements (enrollment_id, unit_id, valid_from) VALUES ($1, $2, '2025-09-01')`, [
        e,
        unit,
      ]);
    }
    // Ёлкина leaves on 2026-01-15: her placement ends and an exited period begins that day.
    await q(`UPDATE placements SET valid_to = '2026-01-15' WHERE enrollment_id = $1`, [enrollments[2]]);
    await q(`UPDATE enrollment_status_periods SET valid_to = '2026-01-15' WHERE enrollment_id = $1`, [
      enrollments[2],
    ]);
    await q(
      `INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from) VALUES ($1, 'exited', '2026-01-15')`,
      [enrollments[2]],
    );
    // Абрамов is on academic leave from 2026-02-01: he still counts and shows with that status.
    await q(`UPDATE enrollment_status_periods SET valid_to = '2026-02-01' WHERE enrollment_id = $1`, [
      enrollments[1],
    ]);
    await q(
      `INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from) VALUES ($1, 'academic_leave', '2026-02-01')`,
      [enrollments[1]],
    );
  });

  it('lists the learners of a unit on a date before and after a dated change, and audits the read', async () => {
    const before = await call(operator, 'GET', `/units/${unit}/learners?asOf=2026-01-14`);
    expect(before.statusCode).toBe(200);
    expect(before.json().items.map((i: { lastName: string }) => i.lastName)).toEqual([
      'Абрамов',
      'Ёлкина',
      'Яковлева',
    ]);
    const after = await call(operator, 'GET', `/units/${unit}/learners?asOf=2026-02-10`);
    expect(
      after.json().items.map((i: { lastName: string; status: string }) => [i.lastName, i.status]),
    ).toEqual([
      ['Абрамов', 'academic_leave'],
      ['Яковлева', 'enrolled'],
    ]);
    expect((await call(operator, 'GET', `/units/${unit}/learners?asOf=2025-08-31`)).json().items).toEqual([]);
    const audit = await auditRows(s, `action = 'unit.learners.read' AND object_id = $1`, [unit]);
    expect(audit.at(-1).subject_ids).toHaveLength(0);
    expect(audit[0].subject_ids).toHaveLength(3);
    const bad = await call(operator, 'GET', `/units/${unit}/learners?asOf=2026-13-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/asOf/);
  });

  it('counts units of the year on a date with capacity and totals by level, without personal data', async () => {
    const res = await call(
      analyst,
      'GET',
      `/organizations/${school}/contingent-by-unit?asOf=2026-01-14&yearId=${y25}`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const row = body.items.find((i: { id: string }) => i.id === unit);
    expect(row).toMatchObject({ learners: 3, capacity: 3, level: 'ooo' });
    expect(JSON.stringify(body)).not.toContain('Яковлева');
    const later = (
      await call(analyst, 'GET', `/organizations/${school}/contingent-by-unit?asOf=2026-02-10`)
    ).json();
    expect(later.academicYear.name).toBe('2025/26');
    expect(later.items.find((i: { id: string }) => i.id === unit).learners).toBe(2);
    const ooo = later.totals.byLevel.find((t: { level: string }) => t.level === 'ooo');
    expect(ooo.learners).toBe(2);
    expect(later.totals.overall.learners).toBe(
      later.items.reduce((a: number, i: { learners: number }) => a + i.learners, 0),
    );
  });

  it('counts learners per organization of a municipality as the hand-written SQL does, scoped to the reader', async () => {
    for (const on of ['2026-01-14', '2026-02-10', '2025-08-01']) {
      const res = await call(municipal, 'GET', `/territories/${m}/learner-counts?asOf=${on}`);
      expect(res.statusCode).toBe(200);
      const hand = await q(
        `SELECT e.organization_id, count(DISTINCT e.person_id)::int AS n FROM enrollments e
           JOIN enrollment_status_periods p ON p.enrollment_id = e.id
           JOIN organizations o ON o.id = e.organization_id
          WHERE o.territory_id = $1 AND p.status <> 'exited' AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2)
          GROUP BY 1`,
        [m, on],
      );
      const expected = Object.fromEntries(hand.rows.map((r) => [r.organization_id, r.n]));
      const got = Object.fromEntries(
        res
          .json()
          .items.filter((i: { learners: number }) => i.learners > 0)
          .map((i: { organizationId: string; learners: number }) => [i.organizationId, i.learners]),
      );
      expect(got).toEqual(expected);
    }
    const jan = (await call(municipal, 'GET', `/territories/${m}/learner-counts?asOf=2026-01-14`)).json();
    expect(jan.items.find((i: { organizationId: string }) => i.organizationId === school).learners).toBe(3);
    const own = (await call(admin, 'GET', `/territories/${m}/learner-counts?asOf=2026-01-14`)).json();
    expect(own.items.map((i: { organizationId: string }) => i.organizationId)).toEqual([school]);
    const region = (await q(`SELECT id FROM territories WHERE kind = 'region'`)).rows[0].id;
    const all = (await call(regionOp, 'GET', `/territories/${region}/learner-counts?asOf=2026-01-14`)).json();
    expect(all.items.map((i: { organizationId: string }) => i.organizationId)).toEqual(
      expect.arrayContaining([school, kindergarten, otherSchool]),
    );
    expect(
      (await call(municipal, 'GET', `/territories/${region}/learner-counts`))
        .json()
        .items.every((i: { organizationId: string }) => i.organizationId !== otherSchool),
    ).toBe(true);
  });
});
