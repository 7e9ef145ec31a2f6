import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildUser,
  organizationInput,
  type TestUser,
} from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let munA: string;
let munB: string;
let regional: TestUser;
let specialistA: TestUser;
let analyst: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  munA = await buildMunicipality(s, 'Город А');
  munB = await buildMunicipality(s, 'Город Б');
  const region = (await s.owner.query(`SELECT id FROM territories WHERE kind = 'region'`)).rows[0].id;
  regional = await buildUser(s, 'regional_operator', region);
  specialistA = await buildUser(s, 'municipal_specialist', munA);
  analyst = await buildUser(s, 'analyst', region);
});
afterAll(() => s.stop());

describe('organizations', () => {
  it('401 without a session', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/organizations' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe('unauthorized');
  });

  it('creates an organization, audits it and keeps history', async () => {
    const input = organizationInput(munA);
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: specialistA.headers,
      payload: input,
    });
    expect(res.statusCode, res.body).toBe(201);
    const org = res.json();
    expect(org).toMatchObject({ inn: input.inn, territoryId: munA, version: 1, status: 'active' });
    const audit = await auditRows(s, `action = 'organization.create' AND object_id = $1`, [org.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_user_id: specialistA.id,
      actor_role: 'municipal_specialist',
      outcome: 'success',
    });
    const history = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${org.id}/history`,
      headers: specialistA.headers,
    });
    expect(history.json().items).toHaveLength(1);
  });

  it('rejects a wrong ИНН checksum with the field path and a Russian message', async () => {
    const input = { ...organizationInput(munA), inn: '3801234568' };
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: specialistA.headers,
      payload: input,
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    const e = body.errors.find((x: { path: string }) => x.path === 'body.inn');
    expect(e.code).toBe('bad_checksum');
    expect(e.message).toMatch(/[А-Яа-я]/);
  });

  it('rejects a wrong ОГРН checksum and a bad КПП with their field paths', async () => {
    const input = { ...organizationInput(munA), ogrn: '1027700132194', kpp: '38A' };
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: specialistA.headers,
      payload: input,
    });
    expect(res.statusCode).toBe(400);
    const byPath = Object.fromEntries(res.json().errors.map((e: { path: string }) => [e.path, e]));
    expect(byPath['body.ogrn'].code).toBe('bad_checksum');
    expect(byPath['body.ogrn'].message).toMatch(/ОГРН/);
    expect(byPath['body.kpp'].message).toMatch(/КПП/);
    const count = await s.owner.query('SELECT count(*)::int AS n FROM organizations WHERE ogrn = $1', [
      input.ogrn,
    ]);
    expect(count.rows[0].n).toBe(0);
  });

  it('rejects unknown fields and over-long strings', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: specialistA.headers,
      payload: { ...organizationInput(munA), hacker: 1, shortName: 'Ш'.repeat(201) },
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('body.hacker');
    expect(paths).toContain('body.shortName');
  });

  it('a municipal specialist cannot read or change another municipality (403, audited)', async () => {
    const other = await buildOrganization(s, { territoryId: munB });
    const read = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${other.id}`,
      headers: specialistA.headers,
    });
    expect(read.statusCode).toBe(403);
    const write = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${other.id}`,
      headers: specialistA.headers,
      payload: { version: 1, shortName: 'Чужая' },
    });
    expect(write.statusCode).toBe(403);
    const denied = await auditRows(s, `outcome = 'denied' AND object_id = $1 AND actor_user_id = $2`, [
      other.id,
      specialistA.id,
    ]);
    expect(denied.map((d) => d.action).sort()).toEqual(['organization.read', 'organization.update']);
    const create = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: specialistA.headers,
      payload: organizationInput(munB),
    });
    expect(create.statusCode).toBe(403);
    const list = await s.app.inject({
      method: 'GET',
      url: '/api/v1/organizations?limit=200',
      headers: specialistA.headers,
    });
    expect(list.json().items.every((o: { territoryId: string }) => o.territoryId === munA)).toBe(true);
  });

  it('an analyst sees the registry without the head’s name', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${org.id}`,
      headers: analyst.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().head).toEqual({ position: 'Директор' });
    expect(JSON.stringify(res.json())).not.toContain('Иванова');
    const asRegional = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${org.id}`,
      headers: regional.headers,
    });
    expect(asRegional.json().head.fullName).toBe('Иванова Мария Петровна');
  });

  it('a stale version gets 409 and changes nothing', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const first = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${org.id}`,
      headers: regional.headers,
      payload: { version: 1, capacity: 500 },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${org.id}`,
      headers: regional.headers,
      payload: { version: 1, capacity: 10 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict_version');
    const now = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${org.id}`,
      headers: regional.headers,
    });
    expect(now.json().capacity).toBe(500);
  });

  it('liquidation requires a successor and records it', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const successor = await buildOrganization(s, { territoryId: munA });
    const noSuccessor = await s.app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/status`,
      headers: regional.headers,
      payload: { version: 1, status: 'liquidated', date: '2026-01-15' },
    });
    expect(noSuccessor.statusCode).toBe(400);
    expect(noSuccessor.json().errors[0].path).toBe('body.successorOrganizationId');
    const ok = await s.app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/status`,
      headers: regional.headers,
      payload: {
        version: 1,
        status: 'liquidated',
        date: '2026-01-15',
        successorOrganizationId: successor.id,
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'liquidated',
      liquidatedOn: '2026-01-15',
      successorOrganizationId: successor.id,
    });
  });

  it('searches by name, ИНН and kind with cursor pagination', async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await buildOrganization(s, { territoryId: munB }));
    const page1 = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations?territoryId=${munB}&limit=2`,
      headers: regional.headers,
    });
    const b1 = page1.json();
    expect(b1.items).toHaveLength(2);
    expect(b1.totalCount).toBeGreaterThanOrEqual(5);
    const page2 = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations?territoryId=${munB}&limit=2&cursor=${b1.nextCursor}`,
      headers: regional.headers,
    });
    const ids2 = page2.json().items.map((o: { id: string }) => o.id);
    expect(ids2.some((id: string) => b1.items.some((o: { id: string }) => o.id === id))).toBe(false);
    const byInn = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations?inn=${created[2]!.inn}`,
      headers: regional.headers,
    });
    expect(byInn.json().items.map((o: { id: string }) => o.id)).toEqual([created[2]!.id]);
    const byName = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations?q=${encodeURIComponent(created[3]!.shortName.toLowerCase())}`,
      headers: regional.headers,
    });
    expect(byName.json().items.map((o: { id: string }) => o.id)).toContain(created[3]!.id);
  });
});
