import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/server/platform/auth/sessions.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  PASSWORD,
  signIn,
} from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ LOGIN_RATE_PER_MINUTE: '10000' });
});
afterAll(() => s.stop());

describe('password sign-in', () => {
  it('returns the user, roles, permissions and a CSRF token, and sets an httpOnly SameSite cookie', async () => {
    const u = await buildUser(s, 'regional_operator', await buildRegion(s));
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: u.login, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.roles[0].role).toBe('regional_operator');
    expect(body.permissions).toContain('organization.create');
    expect(body.csrfToken.length).toBeGreaterThan(20);
    const cookie = res.cookies.find((c) => c.name === 'kt_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const session = await s.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: `kt_session=${cookie.value}` },
    });
    expect(session.json().csrfToken).toBe(body.csrfToken);
    expect(
      (await auditRows(s, `action = 'auth.login' AND actor_user_id = $1`, [u.id])).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('state-changing requests need the X-CSRF-Token header (audited when missing)', async () => {
    const u = await buildUser(s, 'regional_operator', await buildRegion(s));
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/identifiers/validate',
      headers: { cookie: u.cookie },
      payload: { type: 'inn', value: '7707083893' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
    expect(await auditRows(s, `action = 'auth.csrf_rejected' AND actor_user_id = $1`, [u.id])).toHaveLength(
      1,
    );
    const ok = await s.app.inject({
      method: 'POST',
      url: '/api/v1/identifiers/validate',
      headers: u.headers,
      payload: { type: 'inn', value: '7707083893' },
    });
    expect(ok.json()).toEqual({ valid: true, normalized: '7707083893', problems: [] });
  });

  it('logout ends the session; idle and absolute timeouts end it too', async () => {
    const u = await buildUser(s, 'regional_operator', await buildRegion(s));
    const out = await s.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: u.headers });
    expect(out.statusCode).toBe(204);
    const after = await s.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: u.cookie },
    });
    expect(after.statusCode).toBe(401);

    const v = await signIn(s, u.login);
    const token = v.cookie.split('=')[1]!;
    const store = () => new SessionStore(s.database.db, 30 * 60_000, 12 * 3_600_000);
    expect(await store().resolve(token)).not.toBeNull();
    await s.owner.query(
      `UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`,
      [u.id],
    );
    expect(await store().resolve(token)).toBeNull();
    await s.owner.query(
      `UPDATE sessions SET last_seen_at = now(), expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [u.id],
    );
    expect(await store().resolve(token)).toBeNull();
  });

  it('stores passwords as argon2id hashes', async () => {
    const u = await buildUser(s, 'analyst', await buildRegion(s));
    const row = (await s.owner.query('SELECT password_hash FROM users WHERE id = $1', [u.id])).rows[0];
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});

describe('API tokens', () => {
  it('an integration client acts with a Bearer token, scoped to its organizations, without CSRF; use is audited', async () => {
    const mun = await buildMunicipality(s);
    const own = await buildOrganization(s, { territoryId: mun });
    const other = await buildOrganization(s, { territoryId: mun });
    const manager = await buildUser(s, 'municipal_specialist', mun);
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: manager.headers,
      payload: { name: 'Электронный журнал', organizationIds: [own.id] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { token, id } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    const mine = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${own.id}`,
      headers: bearer,
    });
    expect(mine.statusCode).toBe(200);
    const foreign = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${other.id}`,
      headers: bearer,
    });
    expect(foreign.statusCode).toBe(403);
    const write = await s.app.inject({
      method: 'POST',
      url: '/api/v1/identifiers/validate',
      headers: bearer,
      payload: { type: 'snils', value: '112-233-445 95' },
    });
    expect(write.json().valid).toBe(true);
    expect(await auditRows(s, `action = 'auth.token_used' AND object_id = $1`, [id])).toHaveLength(1);
    const stored = (await s.owner.query('SELECT token_hash FROM api_tokens WHERE id = $1', [id])).rows[0];
    expect(stored.token_hash).not.toContain(token);
    const revoke = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${id}`,
      headers: manager.headers,
    });
    expect(revoke.statusCode).toBe(204);
    const after = await s.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${own.id}`,
      headers: bearer,
    });
    expect(after.statusCode).toBe(401);
  });
});
