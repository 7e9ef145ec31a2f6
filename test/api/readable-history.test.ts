import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMunicipality,
  buildOrganization,
  buildUser,
  organizationInput,
  PASSWORD,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let regional: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let orgA: string;
let orgB: string;
let mun: string;

type Change = { field: string; before: unknown; after: unknown };
type Entry = { version: number; action: string; changes: Change[] };

beforeAll(async () => {
  s = await startTestServer();
  mun = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: mun })).id;
  orgB = (await buildOrganization(s, { territoryId: mun })).id;
  const region = (await s.owner.query(`SELECT id FROM territories WHERE kind = 'region'`)).rows[0].id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', orgA);
  adminB = await buildUser(s, 'org_admin', orgB);
});
afterAll(() => s.stop());

const get = (u: TestUser, url: string) => s.app.inject({ method: 'GET', url, headers: u.headers });
const history = async (u: TestUser, id: string) => {
  const res = await get(u, `/api/v1/persons/${id}/versions`);
  expect(res.statusCode).toBe(200);
  return res.json() as { items: Entry[]; names: Record<string, string> };
};

describe('representative changes in the learner history', () => {
  it('linking and unlinking a parent are versions of the learner, naming the parent in scope', async () => {
    const { learner, parentId, linkId } = await createLearnerWithParent(s, adminA, orgA, {
      parent: { lastName: 'Ермолаева', firstName: 'Вера', middleName: 'Николаевна' },
    });
    const linked = await history(adminA, learner.id);
    const link = linked.items.find((e) => e.action === 'link_representative');
    expect(link?.changes).toEqual([
      {
        field: 'representative',
        before: null,
        after: { linkId, representativeId: parentId, relation: 'mother' },
      },
    ]);
    expect(link?.version).toBe(2);
    expect(linked.names[parentId]).toBe('Ермолаева В. Н.');
    // The names are personal data read with the history: the read is audited against the parent too.
    const audit = await s.owner.query(
      `SELECT subject_ids FROM audit_log WHERE action = 'person.history' AND actor_user_id = $1
        ORDER BY id DESC LIMIT 1`,
      [adminA.id],
    );
    expect(audit.rows[0].subject_ids).toEqual(expect.arrayContaining([learner.id, parentId]));

    const unlink = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/persons/${learner.id}/representatives/${linkId}`,
      headers: adminA.headers,
    });
    expect(unlink.statusCode).toBeLessThan(300);
    const after = await history(regional, learner.id);
    const ended = after.items.find((e) => e.action === 'unlink_representative');
    expect(ended?.changes).toEqual([
      {
        field: 'representative',
        before: { linkId, representativeId: parentId, relation: 'mother' },
        after: null,
      },
    ]);
    expect(after.names[parentId]).toBe('Ермолаева В. Н.');
  });

  it('never names a person outside the reader scope', async () => {
    // A person of school B is recorded, then unrecorded, as the mother of a pupil of school A: school A
    // sees its own pupil and that the link ended, but no longer whom it was with.
    const other = await createLearner(s, adminB, orgB, {
      lastName: 'Тихонова',
      firstName: 'Нина',
      middleName: 'Сергеевна',
      sex: 'female',
      birthDate: '1990-01-01',
    });
    const mine = await createLearner(s, adminA, orgA);
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${mine.id}/representatives`,
      headers: regional.headers,
      payload: { relation: 'mother', representativeId: other.id },
    });
    expect(res.statusCode, res.body).toBe(201);
    const linkId = (res.json().representatives as { linkId: string }[])[0]!.linkId;
    await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/persons/${mine.id}/representatives/${linkId}`,
      headers: regional.headers,
    });
    const seen = await get(adminA, `/api/v1/persons/${mine.id}/versions`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items.some((e: Entry) => e.action === 'unlink_representative')).toBe(true);
    expect(seen.json().names[other.id]).toBeUndefined();
    expect(seen.body).not.toContain('Тихонова');
    expect((await history(regional, mine.id)).names[other.id]).toBe('Тихонова Н. С.');
  });
});

describe('organization history', () => {
  it('starts with a creation entry, also for an organization loaded without one', async () => {
    const loaded = (await buildOrganization(s, { territoryId: mun })).id;
    const res = await get(regional, `/api/v1/organizations/${loaded}/history`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Entry[];
    expect(items.map((e) => [e.version, e.action])).toEqual([[1, 'create']]);

    const created = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: regional.headers,
      payload: organizationInput(mun),
    });
    expect(created.statusCode).toBe(201);
    const own = (await get(regional, `/api/v1/organizations/${created.json().id}/history`)).json()
      .items as Entry[];
    expect(own.filter((e) => e.action === 'create')).toHaveLength(1);
  });
});

describe('the staff screens learn the region zone', () => {
  it('the session carries REGION_TIME_ZONE', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: regional.login, password: PASSWORD },
    });
    expect(res.json().timeZone).toBe('Asia/Irkutsk');
    expect((await get(regional, '/api/v1/auth/session')).json().timeZone).toBe('Asia/Irkutsk');
  });
});

describe('audit action filter', () => {
  it('takes several codes that read the same in Russian', async () => {
    const pupil = await createLearner(s, adminA, orgA);
    await get(adminA, `/api/v1/persons/${pupil.id}`);
    await get(adminA, `/api/v1/audit?limit=1`);
    const res = await get(regional, `/api/v1/audit?limit=200&action=person.read,audit.read`);
    expect(res.statusCode).toBe(200);
    const actions = new Set((res.json().items as { action: string }[]).map((i) => i.action));
    expect([...actions].sort()).toEqual(['audit.read', 'person.read']);
  });
});
