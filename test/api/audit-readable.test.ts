import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let regional: TestUser;
let adminA: TestUser;
let operatorA: TestUser;
let operatorB: TestUser;
let orgA: string;
let pupilA: { id: string };
let pupilB: { id: string };

type Item = {
  objectType: string | null;
  objectId: string | null;
  objectLabel: string | null;
  actor: { id: string } | null;
};

beforeAll(async () => {
  s = await startTestServer();
  const mun = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: mun })).id;
  const orgB = (await buildOrganization(s, { territoryId: mun })).id;
  const region = (await s.owner.query(`SELECT id FROM territories WHERE kind = 'region'`)).rows[0].id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', orgA);
  operatorA = await buildUser(s, 'org_operator', orgA);
  operatorB = await buildUser(s, 'org_operator', orgB);
  pupilA = await createLearner(s, operatorA, orgA, { lastName: 'Ермолаева', firstName: 'Вера' });
  pupilB = await createLearner(s, operatorB, orgB, { lastName: 'Тихонова', firstName: 'Нина' });
  for (const [u, p] of [
    [operatorA, pupilA],
    [operatorB, pupilB],
    [operatorA, pupilB], // refused: outside the school's scope, and recorded as denied
  ] as const) {
    await s.app.inject({ method: 'GET', url: `/api/v1/persons/${p.id}`, headers: u.headers });
  }
});
afterAll(() => s.stop());

const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });

describe('a readable audit log', () => {
  it('names whom an event concerns, but only persons the reader may see', async () => {
    const res = await get(adminA, `/api/v1/audit?limit=200&objectType=person`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Item[];
    const aboutA = items.filter((i) => i.objectId === pupilA.id);
    expect(aboutA.length).toBeGreaterThan(0);
    expect(aboutA.every((i) => i.objectLabel?.startsWith('Ермолаева Вера'))).toBe(true);
    // The school's own refused read of another school's pupil is in its log, without her name.
    const aboutB = items.filter((i) => i.objectId === pupilB.id);
    expect(aboutB.length).toBeGreaterThan(0);
    expect(aboutB.every((i) => i.objectLabel === null)).toBe(true);
    expect(res.body).not.toContain('Тихонова');
    // The regional operator sees both names.
    const all = (await get(regional, `/api/v1/audit?limit=200&objectType=person`)).json().items as Item[];
    expect(all.find((i) => i.objectId === pupilB.id)?.objectLabel).toMatch(/^Тихонова Нина/);
  });

  it('filters by person, organization and user name', async () => {
    const byPerson = (await get(regional, `/api/v1/audit?limit=200&personId=${pupilA.id}`)).json()
      .items as Item[];
    expect(byPerson.length).toBeGreaterThan(0);
    expect(byPerson.every((i) => i.objectId === pupilA.id || i.objectType !== 'person')).toBe(true);
    const byOrg = (await get(regional, `/api/v1/audit?limit=200&organizationId=${orgA}`)).json()
      .items as Item[];
    expect(byOrg.length).toBeGreaterThan(0);
    expect(byOrg.some((i) => i.actor?.id === operatorB.id)).toBe(false);
    const login = (await s.owner.query('SELECT login FROM users WHERE id = $1', [operatorA.id])).rows[0]
      .login;
    const byName = (
      await get(regional, `/api/v1/audit?limit=200&actorName=${encodeURIComponent(login.toUpperCase())}`)
    ).json().items as Item[];
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((i) => i.actor?.id === operatorA.id)).toBe(true);
    expect((await get(regional, '/api/v1/audit?actorName=%25')).json().items).toEqual([]);
  });

  it('«Кто обращался» lists who read a person the reader sees, and answers 404 beyond scope', async () => {
    const own = await get(adminA, `/api/v1/audit/persons/${pupilA.id}`);
    expect(own.statusCode).toBe(200);
    const readers = (own.json().items as Item[]).map((i) => i.actor?.id);
    expect(readers).toContain(operatorA.id);
    const other = await get(adminA, `/api/v1/audit/persons/${pupilB.id}`);
    expect(other.statusCode).toBe(404);
    expect((await get(operatorA, `/api/v1/audit/persons/${pupilA.id}`)).statusCode).toBe(403);
    // Reading it is recorded against the person, so the parent sees it too.
    const logged = await s.owner.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'audit.read' AND actor_user_id = $1
          AND object_id = $2 AND subject_ids @> ARRAY[$2]::uuid[]`,
      [adminA.id, pupilA.id],
    );
    expect(logged.rows[0].n).toBe(1);
  });

  it('reading the log records the persons it named', async () => {
    await get(adminA, `/api/v1/audit?limit=200&personId=${pupilA.id}`);
    const row = await s.owner.query(
      `SELECT subject_ids FROM audit_log WHERE action = 'audit.read' AND actor_user_id = $1
        ORDER BY id DESC LIMIT 1`,
      [adminA.id],
    );
    expect(row.rows[0].subject_ids).toEqual([pupilA.id]);
  });
});
