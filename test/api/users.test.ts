import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let munA: string;
let munB: string;
let specialistA: TestUser;
let analyst: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  specialistA = await buildUser(s, 'municipal_specialist', munA);
  analyst = await buildUser(s, 'analyst', await buildRegion(s));
});
afterAll(() => s.stop());

const createUser = (u: TestUser, login: string, password = 'Strong-Password-1!') =>
  s.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: u.headers,
    payload: { login, fullName: 'Петров Петр Петрович', password },
  });

describe('users and roles', () => {
  it('enforces the password policy with a Russian message', async () => {
    const res = await createUser(specialistA, 'weak.user', 'password');
    expect(res.statusCode).toBe(400);
    const e = res.json().errors.find((x: { path: string }) => x.path === 'body.password');
    expect(e.code).toBe('weak_password');
    expect(e.message).toMatch(/не короче 12 символов/);
  });

  it('a municipal specialist grants org roles inside its municipality only; grants are audited', async () => {
    const orgA = await buildOrganization(s, { territoryId: munA });
    const orgB = await buildOrganization(s, { territoryId: munB });
    const created = await createUser(specialistA, 'new.secretary');
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const ok = await s.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/roles`,
      headers: specialistA.headers,
      payload: { role: 'org_operator', scopeNodeId: orgA.id },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().roles[0]).toMatchObject({ role: 'org_operator', scopeNodeId: orgA.id });
    const foreign = await s.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/roles`,
      headers: specialistA.headers,
      payload: { role: 'org_operator', scopeNodeId: orgB.id },
    });
    expect(foreign.statusCode).toBe(403);
    const escalate = await s.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/roles`,
      headers: specialistA.headers,
      payload: { role: 'regional_operator', scopeNodeId: munA },
    });
    expect([400, 403]).toContain(escalate.statusCode);
    const wrongKind = await s.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/roles`,
      headers: specialistA.headers,
      payload: { role: 'org_admin', scopeNodeId: munA },
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors[0].path).toBe('body.scopeNodeId');
    expect(await auditRows(s, `action = 'role.grant' AND object_id = $1`, [id])).toHaveLength(1);
    const revoke = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${id}/roles/${ok.json().roles[0].assignmentId}`,
      headers: specialistA.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect(await auditRows(s, `action = 'role.revoke' AND object_id = $1`, [id])).toHaveLength(1);
  });

  it('a role change takes effect on the next request of the affected user', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const target = await buildUser(s, 'org_operator', org.id);
    const before = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${org.id}`,
      headers: target.headers,
    });
    expect(before.statusCode).toBe(200);
    const card = await s.app.inject({
      method: 'GET',
      url: `/api/v1/users/${target.id}`,
      headers: specialistA.headers,
    });
    const assignment = card.json().roles[0].assignmentId;
    await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${target.id}/roles/${assignment}`,
      headers: specialistA.headers,
    });
    const after = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${org.id}`,
      headers: target.headers,
    });
    expect(after.statusCode).toBe(403);
  });

  it('users outside the scope are invisible; an analyst has no access to users or the audit log', async () => {
    const other = await buildUser(s, 'municipal_specialist', munB);
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/users/${other.id}`,
      headers: specialistA.headers,
    });
    expect(res.statusCode).toBe(404);
    expect(
      await auditRows(s, `action = 'user.read' AND outcome = 'denied' AND object_id = $1`, [other.id]),
    ).toHaveLength(1);
    const list = await s.app.inject({
      method: 'GET',
      url: '/api/v1/users?limit=200',
      headers: specialistA.headers,
    });
    expect(list.json().items.map((u: { id: string }) => u.id)).not.toContain(other.id);
    for (const url of ['/api/v1/users', '/api/v1/audit']) {
      const r = await s.app.inject({ method: 'GET', url, headers: analyst.headers });
      expect(r.statusCode, url).toBe(403);
    }
  });

  it('blocking uses the version and ends access', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const target = await buildUser(s, 'org_operator', org.id);
    const stale = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.id}`,
      headers: specialistA.headers,
      payload: { version: 7, blocked: true },
    });
    expect(stale.statusCode).toBe(409);
    const block = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.id}`,
      headers: specialistA.headers,
      payload: { version: 1, blocked: true },
    });
    expect(block.statusCode, block.body).toBe(200);
    const after = await s.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: target.headers });
    expect(after.statusCode).toBe(401);
  });
});
