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

/** A user holding an organization role and a regional role: the account a school admin once took over. */
async function buildDualRoleUser(orgId: string) {
  const target = await buildUser(s, 'regional_operator', await buildRegion(s));
  await s.owner.query(
    `INSERT INTO role_assignments (user_id, role, scope_node_id) VALUES ($1, 'org_operator', $2)`,
    [target.id, orgId],
  );
  return target;
}

const activeGrants = async (userId: string) =>
  (
    await s.owner.query(
      `SELECT role, scope_node_id FROM role_assignments WHERE user_id = $1 AND revoked_at IS NULL ORDER BY role`,
      [userId],
    )
  ).rows;

const expectForbiddenProblem = (res: {
  statusCode: number;
  headers: Record<string, unknown>;
  json: () => Record<string, unknown>;
}) => {
  expect(res.statusCode).toBe(403);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ code: 'forbidden', status: 403 });
  expect(String(res.json().detail)).toMatch(/вне вашей области/);
};

describe('account-level actions need scope over the whole account', () => {
  it('an org admin cannot take over a user who also holds a regional role; it may revoke only its own grant', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const admin = await buildUser(s, 'org_admin', org.id);
    const target = await buildDualRoleUser(org.id);
    const before = (await s.owner.query(`SELECT * FROM users WHERE id = $1`, [target.id])).rows[0];
    const newPassword = 'Taken-Over-Password-1!';

    const password = await s.app.inject({
      method: 'POST',
      url: `/api/v1/users/${target.id}/password`,
      headers: admin.headers,
      payload: { password: newPassword },
    });
    expectForbiddenProblem(password);
    const block = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.id}`,
      headers: admin.headers,
      payload: { version: 1, blocked: true },
    });
    expectForbiddenProblem(block);
    const rename = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.id}`,
      headers: admin.headers,
      payload: { version: 1, fullName: 'Захваченный Аккаунт' },
    });
    expectForbiddenProblem(rename);
    const edit = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.id}`,
      headers: admin.headers,
      payload: { version: 1, email: 'attacker@example.ru' },
    });
    expectForbiddenProblem(edit);

    for (const action of ['user.password_set', 'user.block', 'user.update']) {
      const rows = await auditRows(s, `action = $1 AND object_id = $2`, [action, target.id]);
      expect(
        rows.map((r) => r.outcome),
        action,
      ).toEqual(action === 'user.update' ? ['denied', 'denied'] : ['denied']);
      expect(rows[0].actor_user_id).toBe(admin.id);
    }
    const after = (await s.owner.query(`SELECT * FROM users WHERE id = $1`, [target.id])).rows[0];
    expect(after).toMatchObject({
      full_name: before.full_name,
      email: before.email,
      blocked: false,
      version: before.version,
      password_hash: before.password_hash,
    });
    const login = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: target.login, password: newPassword },
    });
    expect(login.statusCode).toBe(401);
    const session = await s.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: target.headers,
    });
    expect(session.statusCode).toBe(200);

    const card = await s.app.inject({
      method: 'GET',
      url: `/api/v1/users/${target.id}`,
      headers: admin.headers,
    });
    const orgGrant = card.json().roles.find((r: { role: string }) => r.role === 'org_operator');
    const regionalGrant = card.json().roles.find((r: { role: string }) => r.role === 'regional_operator');
    const revokeRegional = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${target.id}/roles/${regionalGrant.assignmentId}`,
      headers: admin.headers,
    });
    expect(revokeRegional.statusCode).toBe(403);
    const revokeOrg = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${target.id}/roles/${orgGrant.assignmentId}`,
      headers: admin.headers,
    });
    expect(revokeOrg.statusCode, revokeOrg.body).toBe(204);
    expect(await activeGrants(target.id)).toEqual([
      { role: 'regional_operator', scope_node_id: await buildRegion(s) },
    ]);
  });

  it('the user card and list mark users the manager cannot fully manage, with the actions allowed', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const admin = await buildUser(s, 'org_admin', org.id);
    const dual = await buildDualRoleUser(org.id);
    const plain = await buildUser(s, 'org_operator', org.id);
    const card = await s.app.inject({
      method: 'GET',
      url: `/api/v1/users/${dual.id}`,
      headers: admin.headers,
    });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({ fullyManageable: false, actions: ['grantRole', 'revokeRole'] });
    expect(
      Object.fromEntries(
        card.json().roles.map((r: { role: string; revocable: boolean }) => [r.role, r.revocable]),
      ),
    ).toEqual({ regional_operator: false, org_operator: true });

    const list = await s.app.inject({
      method: 'GET',
      url: '/api/v1/users?limit=200',
      headers: admin.headers,
    });
    expect(list.statusCode).toBe(200);
    const byId = new Map(list.json().items.map((u: { id: string }) => [u.id, u]));
    expect(byId.get(dual.id)).toMatchObject({ fullyManageable: false, actions: ['grantRole', 'revokeRole'] });
    expect(byId.get(plain.id)).toMatchObject({
      fullyManageable: true,
      actions: ['edit', 'block', 'setPassword', 'grantRole', 'revokeRole'],
    });
    expect(byId.get(admin.id)).toMatchObject({
      fullyManageable: true,
      actions: ['edit', 'setPassword', 'grantRole', 'revokeRole'],
    });

    // The regional operator's scope covers both grants: the same account is fully manageable there.
    const regional = await buildUser(s, 'regional_operator', await buildRegion(s));
    const full = await s.app.inject({
      method: 'GET',
      url: `/api/v1/users/${dual.id}`,
      headers: regional.headers,
    });
    expect(full.json()).toMatchObject({ fullyManageable: true });
    const reset = await s.app.inject({
      method: 'POST',
      url: `/api/v1/users/${dual.id}/password`,
      headers: regional.headers,
      payload: { password: 'Regional-Reset-2026!' },
    });
    expect(reset.statusCode, reset.body).toBe(204);
  });

  it('health access and a citizen grant are covered only by a manager that could grant them', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const healthUser = await buildUser(s, 'org_operator', org.id, { healthAccess: true });
    const citizenUser = await buildUser(s, 'org_operator', org.id);
    await s.owner.query(
      `INSERT INTO role_assignments (user_id, role, scope_node_id) VALUES ($1, 'citizen', NULL)`,
      [citizenUser.id],
    );
    const healthSpecialist = await buildUser(s, 'municipal_specialist', munA, { healthAccess: true });
    const regional = await buildUser(s, 'regional_operator', await buildRegion(s));
    const fully = async (manager: TestUser, id: string) =>
      (await s.app.inject({ method: 'GET', url: `/api/v1/users/${id}`, headers: manager.headers })).json()
        .fullyManageable;
    expect(await fully(specialistA, healthUser.id)).toBe(false);
    expect(await fully(healthSpecialist, healthUser.id)).toBe(true);
    expect(await fully(specialistA, citizenUser.id)).toBe(false);
    expect(await fully(healthSpecialist, citizenUser.id)).toBe(false);
    expect(await fully(regional, citizenUser.id)).toBe(true);
    const block = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${healthUser.id}`,
      headers: specialistA.headers,
      payload: { version: 1, blocked: true },
    });
    expectForbiddenProblem(block);
  });

  it('a grant committed while a password reset waits on the user row is seen by the reset', async () => {
    const org = await buildOrganization(s, { territoryId: munA });
    const admin = await buildUser(s, 'org_admin', org.id);
    const target = await buildUser(s, 'org_operator', org.id);
    const client = await s.owner.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO role_assignments (user_id, role, scope_node_id) VALUES ($1, 'regional_operator', $2)`,
        [target.id, await buildRegion(s)],
      );
      const reset = s.app.inject({
        method: 'POST',
        url: `/api/v1/users/${target.id}/password`,
        headers: admin.headers,
        payload: { password: 'Racing-Password-2026!' },
      });
      // The reset must be waiting for the row lock held through the grant's foreign key.
      await expect
        .poll(
          async () =>
            (
              await s.owner.query(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
              )
            ).rows[0].n,
          { timeout: 20_000 },
        )
        .toBeGreaterThan(0);
      await client.query('COMMIT');
      expectForbiddenProblem(await reset);
    } finally {
      client.release();
    }
    const login = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: target.login, password: 'Racing-Password-2026!' },
    });
    expect(login.statusCode).toBe(401);
  });
});

describe('API tokens and analyst grants', () => {
  const issue = (expiresOn?: string) =>
    s.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: specialistA.headers,
      payload: {
        name: 'Электронный журнал',
        organizationIds: [tokenOrg],
        ...(expiresOn ? { expiresOn } : {}),
      },
    });
  let tokenOrg: string;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    tokenOrg = (await buildOrganization(s, { territoryId: munA })).id;
  });

  it('refuses a token expiring in the past, today or beyond the maximum lifetime', async () => {
    for (const [date, code] of [
      [day(-1), 'too_early'],
      [day(0), 'too_early'],
      [day(366), 'too_late'],
    ] as const) {
      const res = await issue(date);
      expect(res.statusCode, date).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body.expiresOn', code })]);
    }
    const last = await issue(day(365));
    expect(last.statusCode, last.body).toBe(201);
    const stored = await s.owner.query(`SELECT expires_at FROM api_tokens WHERE id = $1`, [last.json().id]);
    expect(stored.rows[0].expires_at.toISOString().slice(0, 10)).toBe(day(365));
  });

  it('a token issued without a date expires after the maximum lifetime', async () => {
    const res = await issue();
    expect(res.statusCode, res.body).toBe(201);
    const stored = await s.owner.query(`SELECT expires_at FROM api_tokens WHERE id = $1`, [res.json().id]);
    expect(stored.rows[0].expires_at.toISOString().slice(0, 10)).toBe(day(365));
  });

  it('refuses health access for an analyst with a field path', async () => {
    const regional = await buildUser(s, 'regional_operator', await buildRegion(s));
    const created = await createUser(regional, `analyst.${Date.now()}`);
    expect(created.statusCode, created.body).toBe(201);
    const grant = (healthAccess: boolean) =>
      s.app.inject({
        method: 'POST',
        url: `/api/v1/users/${created.json().id}/roles`,
        headers: regional.headers,
        payload: { role: 'analyst', scopeNodeId: munA, healthAccess },
      });
    const refused = await grant(true);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ path: 'body.healthAccess', code: 'health_not_allowed' }),
    ]);
    expect(await activeGrants(created.json().id)).toEqual([]);
    const plain = await grant(false);
    expect(plain.statusCode, plain.body).toBe(201);
  });
});
