import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildUser,
  signIn,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let school: { id: string; shortName: string };
let schoolOperator: TestUser;
let otherOperator: TestUser;
let municipal: TestUser;
let mother: TestUser;
let childId: string;
let motherId: string;
const MOTHER_SNILS = makeSnils('112358132');

async function buildCitizen(snils: string) {
  const u = await buildUser(s, 'citizen', null);
  await s.owner.query('UPDATE users SET snils = $1 WHERE id = $2', [snils, u.id]);
  return { id: u.id, ...(await signIn(s, u.login)) };
}

const send = (u: TestUser | null, payload: unknown) =>
  s.app.inject({
    method: 'POST',
    url: '/api/v1/citizen/me/data-corrections',
    headers: u ? u.headers : {},
    payload: payload as Record<string, unknown>,
  });
const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });
const resolve = (u: TestUser, id: string) =>
  s.app.inject({ method: 'POST', url: `/api/v1/data-corrections/${id}/resolve`, headers: u.headers });

beforeAll(async () => {
  s = await startTestServer();
  const mun = await buildMunicipality(s);
  school = await buildOrganization(s, { territoryId: mun });
  const club = await buildOrganization(s, { territoryId: mun, kind: 'additional' });
  const other = await buildOrganization(s);
  schoolOperator = await buildUser(s, 'org_operator', school.id);
  otherOperator = await buildUser(s, 'org_operator', other.id);
  municipal = await buildUser(s, 'municipal_specialist', mun);
  const family = await createLearnerWithParent(s, schoolOperator, school.id, {
    parent: { snils: MOTHER_SNILS },
  });
  childId = family.learner.id;
  motherId = family.parentId;
  // The child also attends a club, enrolled more recently than at school: the school still keeps the record.
  await s.owner.query(
    `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, current_date)`,
    [childId, club.id],
  );
  mother = await buildCitizen(MOTHER_SNILS);
});
afterAll(() => s.stop());

describe('a citizen reports a mistake in the data', () => {
  it('answers 401 without a session and 403 to staff on the citizen route, 403 to a citizen on the queue', async () => {
    const body = { personId: childId, section: 'personal', text: 'Неверно указано отчество' };
    expect((await send(null, body)).statusCode).toBe(401);
    expect((await send(schoolOperator, body)).statusCode).toBe(403);
    expect((await get(mother, '/api/v1/data-corrections')).statusCode).toBe(403);
  });

  it('reaches the school that keeps the child’s record (not the club) and is audited without its text', async () => {
    const res = await send(mother, {
      personId: childId,
      section: 'personal',
      text: 'Отчество ребенка — Андреевна,\nа не Андреевич',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const row = (await s.owner.query('SELECT * FROM data_correction_requests WHERE id = $1', [id])).rows[0];
    expect(row).toMatchObject({ person_id: childId, organization_id: school.id, status: 'open' });
    expect(row.text).toBe('Отчество ребенка — Андреевна,\nа не Андреевич');
    const [audit] = await auditRows(s, `action = 'data_correction.create' AND object_id = $1`, [id]);
    expect(audit.subject_ids).toEqual([childId]);
    expect(audit.details).toEqual({ section: 'personal', organizationId: school.id });
    expect(JSON.stringify(audit)).not.toContain('Андреевна');
  });

  it('a report on the parent’s own record goes to the child’s school', async () => {
    const res = await send(mother, { personId: motherId, section: 'contacts', text: 'Сменился телефон' });
    expect(res.statusCode, res.body).toBe(201);
    const row = await s.owner.query('SELECT organization_id FROM data_correction_requests WHERE id = $1', [
      res.json().id,
    ]);
    expect(row.rows[0].organization_id).toBe(school.id);
  });

  it('refuses control characters, over-long or empty text, an unknown section and someone else’s record', async () => {
    const bad = [
      { personId: childId, section: 'personal', text: 'Ошибка\u0000в имени' },
      { personId: childId, section: 'personal', text: 'Ошибка\u0007в имени' },
      { personId: childId, section: 'personal', text: 'я'.repeat(2001) },
      { personId: childId, section: 'personal', text: '   ' },
      { personId: childId, section: 'salary', text: 'Ошибка в имени' },
    ];
    for (const payload of bad) {
      const res = await send(mother, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const stranger = await createLearner(s, schoolOperator, school.id);
    const res = await send(mother, { personId: stranger.id, section: 'personal', text: 'Ошибка в имени' });
    expect(res.statusCode).toBe(404);
    const denied = await auditRows(s, `action = 'data_correction.create' AND outcome = 'denied'`);
    expect(denied.map((r) => r.object_id)).toContain(stranger.id);
  });
});

describe('the organization’s queue', () => {
  it('shows the reports to the school and its municipality, not to another organization; the read is audited', async () => {
    const mine = await get(schoolOperator, '/api/v1/data-corrections');
    expect(mine.statusCode, mine.body).toBe(200);
    const body = mine.json();
    expect(body.timeZone).toBe('Asia/Irkutsk');
    expect(body.items.map((i: { person: { id: string } }) => i.person.id).sort()).toEqual(
      [childId, motherId].sort(),
    );
    expect(body.items[0]).toMatchObject({
      organization: { id: school.id },
      status: 'open',
      resolvedAt: null,
    });
    const mun = (await get(municipal, '/api/v1/data-corrections')).json();
    expect(mun.items).toHaveLength(2);
    expect((await get(otherOperator, '/api/v1/data-corrections')).json().items).toEqual([]);
    const [audit] = await auditRows(s, `action = 'data_correction.list' AND actor_user_id = $1`, [
      schoolOperator.id,
    ]);
    expect([...audit.subject_ids].sort()).toEqual([childId, motherId].sort());
  });

  it('«Исправлено» closes a report once, only within scope, and the citizen sees it done', async () => {
    const [task] = (await get(schoolOperator, '/api/v1/data-corrections')).json().items;
    expect((await resolve(otherOperator, task.id)).statusCode).toBe(404);
    const done = await resolve(schoolOperator, task.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ id: task.id, status: 'done' });
    expect((await resolve(schoolOperator, task.id)).json().code).toBe('conflict');
    const open = (await get(schoolOperator, '/api/v1/data-corrections')).json().items;
    expect(open.map((i: { id: string }) => i.id)).not.toContain(task.id);
    const all = (await get(schoolOperator, '/api/v1/data-corrections?status=all')).json().items;
    expect(all.find((i: { id: string }) => i.id === task.id)).toMatchObject({
      status: 'done',
      resolvedBy: 'Тестовый org_operator',
    });
    const own = (await get(mother, '/api/v1/citizen/me/data-corrections')).json();
    expect(own.items.find((i: { id: string }) => i.id === task.id)).toMatchObject({
      status: 'done',
      organization: school.shortName,
    });
    const [audit] = await auditRows(
      s,
      `action = 'data_correction.resolve' AND object_id = $1 AND outcome = 'success'`,
      [task.id],
    );
    expect(audit.subject_ids).toEqual([task.person.id]);
  });

  it('a citizen may send at most ten reports a day', async () => {
    const sent = Number(
      (
        await s.owner.query(
          'SELECT count(*) AS n FROM data_correction_requests WHERE requester_user_id = $1',
          [mother.id],
        )
      ).rows[0].n,
    );
    for (let i = sent; i < 10; i++) {
      const res = await send(mother, { personId: childId, section: 'other', text: `Сообщение ${i}` });
      expect(res.statusCode, res.body).toBe(201);
    }
    const over = await send(mother, { personId: childId, section: 'other', text: 'Еще одно сообщение' });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ code: 'rate_limited' });
    expect(over.json().detail).toMatch(/не более 10/);
  });
});
