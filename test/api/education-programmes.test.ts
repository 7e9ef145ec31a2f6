import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let school: string;
let college: string;
let otherSchool: string;
let regionOp: TestUser;
let municipal: TestUser;
let otherMunicipal: TestUser;
let admin: TestUser;
let operator: TestUser;
let analyst: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  const m = await buildMunicipality(s);
  const m2 = await buildMunicipality(s);
  school = (await buildOrganization(s, { territoryId: m, kind: 'school' })).id;
  college = (await buildOrganization(s, { territoryId: m, kind: 'vocational' })).id;
  otherSchool = (await buildOrganization(s, { territoryId: m2, kind: 'school' })).id;
  const region = (await s.owner.query(`SELECT id FROM territories WHERE kind = 'region'`)).rows[0].id;
  regionOp = await buildUser(s, 'regional_operator', region);
  municipal = await buildUser(s, 'municipal_specialist', m);
  otherMunicipal = await buildUser(s, 'municipal_specialist', m2);
  admin = await buildUser(s, 'org_admin', school);
  operator = await buildUser(s, 'org_operator', school);
  analyst = await buildUser(s, 'analyst', region);
});
afterAll(() => s.stop());

const call = (u: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  s.app.inject({ method, url: `/api/v1${url}`, headers: u.headers, ...(payload ? { payload } : {}) });

const spo = {
  name: 'Информационные системы и программирование',
  level: 'spo',
  spoType: 'specialist',
  oksoCode: '09.02.07',
  qualification: 'Программист',
  baseGrade: 9,
  durationMonths: 46,
};

describe('academic years', () => {
  it('the regional operator opens 2026/27 as 1 September – 31 August; everyone operating reads it', async () => {
    const res = await call(regionOp, 'POST', '/academic-years', { startYear: 2026 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '2026/27', startsOn: '2026-09-01', endsOn: '2027-08-31' });
    for (const u of [municipal, admin, operator, analyst]) {
      const list = await call(u, 'GET', '/academic-years');
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((y: { name: string }) => y.name)).toContain('2026/27');
    }
    expect((await auditRows(s, `action = 'academicYear.create'`)).length).toBe(1);
  });

  it('only the regional operator creates years; the same year twice or overlapping dates are refused', async () => {
    for (const u of [municipal, admin]) {
      expect((await call(u, 'POST', '/academic-years', { startYear: 2027 })).statusCode).toBe(403);
    }
    const again = await call(regionOp, 'POST', '/academic-years', { startYear: 2026 });
    expect(again.statusCode).toBe(409);
    const overlap = await call(regionOp, 'POST', '/academic-years', {
      startYear: 2027,
      startsOn: '2027-08-01',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().errors[0].path).toBe('body.startsOn');
    const bad = await call(regionOp, 'POST', '/academic-years', { startYear: 1900 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.startYear');
  });
});

describe('educational programmes', () => {
  it('creates an СПО programme with its ОКСО code and reads it back, named from the перечень', async () => {
    const res = await call(municipal, 'POST', `/organizations/${college}/programmes`, spo);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      oksoCode: '09.02.07',
      oksoName: 'Информационные системы и программирование',
      version: 1,
    });
    const list = await call(analyst, 'GET', `/organizations/${college}/programmes`);
    expect(list.json().items).toHaveLength(1);
  });

  it('refuses an ОКСО code of the wrong format with okso_format at body.oksoCode, and an unknown one', async () => {
    const wrong = await call(municipal, 'POST', `/organizations/${college}/programmes`, {
      ...spo,
      oksoCode: '0902.07',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
    expect(wrong.json().errors).toContainEqual(
      expect.objectContaining({ path: 'body.oksoCode', code: 'okso_format' }),
    );
    const unknown = await call(municipal, 'POST', `/organizations/${college}/programmes`, {
      ...spo,
      oksoCode: '99.02.99',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toContainEqual(
      expect.objectContaining({ path: 'body.oksoCode', code: 'okso_unknown' }),
    );
    const type = await call(municipal, 'POST', `/organizations/${college}/programmes`, {
      ...spo,
      spoType: 'skilled_worker',
    });
    expect(type.json().errors[0]).toMatchObject({ path: 'body.oksoCode', code: 'okso_type_mismatch' });
  });

  it('keeps the attributes of each level to that level, and the level to the organization kind', async () => {
    const noFocus = await call(admin, 'POST', `/organizations/${school}/programmes`, {
      name: 'Робототехника',
      level: 'additional',
      durationMonths: 9,
    });
    expect(noFocus.statusCode).toBe(400);
    expect(noFocus.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.focus',
      'body.additionalKind',
    ]);
    const spoAtSchool = await call(admin, 'POST', `/organizations/${school}/programmes`, spo);
    expect(spoAtSchool.statusCode).toBe(400);
    expect(spoAtSchool.json().errors[0]).toMatchObject({
      path: 'body.level',
      code: 'level_not_for_organization',
    });
    const okso = await call(admin, 'POST', `/organizations/${school}/programmes`, {
      name: 'ООП ООО',
      level: 'ooo',
      oksoCode: '09.02.07',
      durationMonths: 60,
    });
    expect(okso.json().errors[0]).toMatchObject({ path: 'body.oksoCode', code: 'not_for_level' });
    const nul = await call(admin, 'POST', `/organizations/${school}/programmes`, {
      name: 'ООП\u0000ООО',
      level: 'ooo',
      durationMonths: 60,
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0].path).toBe('body.name');
  });

  it('creates a ДО programme with focus and kind, edits it with a version, and keeps the history', async () => {
    const created = await call(admin, 'POST', `/organizations/${school}/programmes`, {
      name: 'Робототехника',
      level: 'additional',
      focus: 'technical',
      additionalKind: 'general_developing',
      distance: true,
      durationMonths: 9,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const edited = await call(admin, 'PATCH', `/programmes/${id}`, {
      version: 1,
      additionalKind: 'pre_professional',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      additionalKind: 'pre_professional',
      focus: 'technical',
      version: 2,
    });
    const stale = await call(admin, 'PATCH', `/programmes/${id}`, { version: 1, name: 'Другое' });
    expect(stale.statusCode).toBe(409);
    const h = await s.owner.query(
      `SELECT version, action FROM change_history WHERE entity_id = $1 ORDER BY version`,
      [id],
    );
    expect(h.rows.map((r) => r.action)).toEqual(['create', 'update']);
    const upper = await call(operator, 'GET', `/programmes/${id.toUpperCase()}`);
    expect(upper.statusCode).toBe(200);
    expect(upper.json().id).toBe(id);
  });

  it("answers 404 for another organization's programme and another municipality, 403 to a role without the right", async () => {
    const theirs = await call(regionOp, 'POST', `/organizations/${otherSchool}/programmes`, {
      name: 'ООП НОО',
      level: 'noo',
      durationMonths: 48,
    });
    expect(theirs.statusCode).toBe(201);
    const id = theirs.json().id;
    expect((await call(admin, 'GET', `/programmes/${id}`)).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', `/programmes/${id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await call(municipal, 'DELETE', `/programmes/${id}`)).statusCode).toBe(404);
    expect((await call(municipal, 'GET', `/organizations/${otherSchool}/programmes`)).statusCode).toBe(404);
    expect((await call(otherMunicipal, 'GET', `/organizations/${school}/programmes`)).statusCode).toBe(404);
    expect(
      (
        await call(operator, 'POST', `/organizations/${school}/programmes`, {
          name: 'x',
          level: 'noo',
          durationMonths: 48,
        })
      ).statusCode,
    ).toBe(403);
    const denied = await auditRows(s, `outcome = 'denied' AND object_id = $1`, [id]);
    expect(denied.length).toBeGreaterThan(0);
    expect((await call(otherMunicipal, 'DELETE', `/programmes/${id}`)).statusCode).toBe(204);
    expect((await call(otherMunicipal, 'GET', `/programmes/${id}`)).statusCode).toBe(404);
  });

  it('twenty identical creations at once make twenty programmes and never a 500', async () => {
    const body = { name: 'ООП СОО', level: 'soo', durationMonths: 24 };
    const all = await Promise.all(
      Array.from({ length: 20 }, () => call(admin, 'POST', `/organizations/${school}/programmes`, body)),
    );
    expect(all.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
  });
});
