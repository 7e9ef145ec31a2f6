import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, buildOrganization, buildRegion, buildUser, PASSWORD } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Five failures per (account, address); the back-off over all addresses starts after eight failures
// and, once on, admits one check per ten minutes or more, so no test depends on the clock.
const MAX_FAILURES = 5;
const BACKOFF_FAILURES = 8;

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    LOGIN_RATE_PER_MINUTE: '10000',
    LOGIN_MAX_FAILURES: String(MAX_FAILURES),
    LOGIN_BACKOFF_FAILURES: String(BACKOFF_FAILURES),
    LOGIN_BACKOFF_BASE_SECONDS: '600',
    LOGIN_BACKOFF_MAX_SECONDS: '3600',
  });
});
afterAll(() => s.stop());

const login = (user: string, password: string, ip: string) =>
  s.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    payload: { login: user, password },
  });

/** The answer as a client sees it, without the request id that differs on every request. */
const shape = (res: Awaited<ReturnType<typeof login>>) => ({
  status: res.statusCode,
  contentType: res.headers['content-type'],
  retryAfter: res.headers['retry-after'],
  body: res.body.replace(/"requestId":"[^"]*"/, '"requestId":"-"'),
});

const failuresCounted = async (userId: string) =>
  (
    await auditRows(s, `action = 'auth.login_failed' AND outcome = 'failure' AND actor_user_id = $1`, [
      userId,
    ])
  ).length;

describe('lockout per (account, address)', () => {
  it('20 parallel wrong passwords: exactly the limit is checked; later ones are refused, the right password too', async () => {
    const u = await buildUser(s, 'regional_operator', await buildRegion(s));
    const ip = '10.0.0.1';
    const answers = await Promise.all(Array.from({ length: 20 }, () => login(u.login, 'wrong-password', ip)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(20).fill(401));
    expect(await failuresCounted(u.id)).toBe(MAX_FAILURES);
    const refused = await auditRows(
      s,
      `action = 'auth.login_failed' AND outcome = 'denied' AND actor_user_id = $1`,
      [u.id],
    );
    expect(refused).toHaveLength(20 - MAX_FAILURES);
    expect(refused.every((r) => r.details.reason === 'locked')).toBe(true);
    expect(await auditRows(s, `action = 'auth.lockout' AND actor_user_id = $1`, [u.id])).toHaveLength(1);

    const right = await login(u.login, PASSWORD, ip);
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('invalid_credentials');
    expect(await failuresCounted(u.id)).toBe(MAX_FAILURES);
  });

  it('the locked answer, a wrong password and an unknown login are the same answer byte for byte', async () => {
    const u = await buildUser(s, 'regional_operator', await buildRegion(s));
    const ip = '10.0.0.2';
    const unknownBefore = await login('no-such-login', 'wrong-password', ip);
    const wrong = await login(u.login, 'wrong-password', ip);
    for (let i = 1; i < MAX_FAILURES; i++) await login(u.login, 'wrong-password', ip);
    const lockedWrong = await login(u.login, 'wrong-password', ip);
    const lockedRight = await login(u.login, PASSWORD, ip);
    const unknownAfter = await login('no-such-login', PASSWORD, ip);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    for (const other of [unknownBefore, lockedWrong, lockedRight, unknownAfter]) {
      expect(shape(other)).toEqual(shape(wrong));
    }
    expect(
      await auditRows(s, `action = 'auth.login_failed' AND outcome = 'denied' AND actor_user_id = $1`, [
        u.id,
      ]),
    ).toHaveLength(2);
  });

  it('the same login from another address still signs in with the right password', async () => {
    const u = await buildUser(s, 'regional_operator', await buildRegion(s));
    await Promise.all(Array.from({ length: 10 }, () => login(u.login, 'wrong-password', '10.0.0.3')));
    expect((await login(u.login, PASSWORD, '10.0.0.3')).statusCode).toBe(401);
    const elsewhere = await login(u.login, PASSWORD, '10.0.0.4');
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json().roles[0].role).toBe('regional_operator');
    // An address the account signed in from is still held to the limit.
    await Promise.all(Array.from({ length: 10 }, () => login(u.login, 'wrong-password', '10.0.0.4')));
    expect((await login(u.login, PASSWORD, '10.0.0.4')).statusCode).toBe(401);
  });

  it('IPv6 addresses count by their /64: a fresh address in the same network does not reset the count', async () => {
    const u = await buildUser(s, 'regional_operator', await buildRegion(s));
    for (let i = 1; i <= MAX_FAILURES; i++) await login(u.login, 'wrong-password', `2001:db8:0:1::${i}`);
    expect((await login(u.login, PASSWORD, '2001:db8:0:1::99')).statusCode).toBe(401);
    expect((await login(u.login, PASSWORD, '2001:db8:0:2::1')).statusCode).toBe(200);
  });

  it('a successful sign-in resets the pair counter', async () => {
    const u = await buildUser(s, 'org_operator', (await buildOrganization(s)).id);
    const ip = '10.0.0.5';
    // Two rounds of four failures and a success: without the reset, the second round would be refused
    // from its first attempt (the success was the fifth counted attempt). Two rounds stay below the
    // back-off threshold of eight.
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < MAX_FAILURES; i++) {
        expect((await login(u.login, 'wrong-password', ip)).statusCode).toBe(401);
      }
      expect((await login(u.login, PASSWORD, ip)).statusCode).toBe(200);
    }
    expect(await failuresCounted(u.id)).toBe(2 * (MAX_FAILURES - 1));
  });
});

describe('back-off per account over all addresses', () => {
  it('after the threshold, one check per delay is admitted, whatever the address', async () => {
    const u = await buildUser(s, 'regional_operator', await buildRegion(s));
    // Eight failures from two addresses: five from the first (locking it), three from the second.
    for (let i = 0; i < MAX_FAILURES; i++) await login(u.login, 'wrong-password', '10.1.0.1');
    for (let i = MAX_FAILURES; i < BACKOFF_FAILURES; i++) await login(u.login, 'wrong-password', '10.1.0.2');
    expect(await failuresCounted(u.id)).toBe(BACKOFF_FAILURES);
    expect(
      await auditRows(s, `action = 'auth.lockout' AND actor_user_id = $1 AND details->>'scope' = $2`, [
        u.id,
        'account_backoff',
      ]),
    ).toHaveLength(1);

    // Six fresh addresses try the right password at once: only one check is admitted.
    const answers = await Promise.all([3, 4, 5, 6, 7, 8].map((n) => login(u.login, PASSWORD, `10.1.0.${n}`)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401]);
    const wrong = await login('no-such-login', 'x', '10.1.0.9');
    for (const r of answers.filter((a) => a.statusCode === 401)) expect(shape(r)).toEqual(shape(wrong));
    const refused = await auditRows(
      s,
      `action = 'auth.login_failed' AND outcome = 'denied' AND actor_user_id = $1`,
      [u.id],
    );
    expect(refused.map((r) => r.details.reason)).toEqual(Array(5).fill('backoff'));

    // The admitted slot holds until the delay has passed; a refusal took no slot from its address.
    const row = (await s.owner.query('SELECT locked_until > now() AS on FROM users WHERE id = $1', [u.id]))
      .rows[0];
    expect(row.on).toBe(true);
    expect((await login(u.login, PASSWORD, '10.1.0.10')).statusCode).toBe(401);
    const pairs = await s.owner.query(
      `SELECT ip, failures FROM login_attempts
        WHERE user_id = $1 AND ip LIKE '10.1.0.%' AND last_success_at IS NULL ORDER BY ip`,
      [u.id],
    );
    expect(pairs.rows).toEqual([
      { ip: '10.1.0.1', failures: MAX_FAILURES },
      { ip: '10.1.0.2', failures: BACKOFF_FAILURES - MAX_FAILURES },
    ]);

    // The operator's own workstation (every test user signed in from 127.0.0.1 when it was built) is
    // not slowed down by the strangers.
    expect((await login(u.login, PASSWORD, '127.0.0.1')).statusCode).toBe(200);

    // Once the delay has passed (moved back here instead of waiting), a check is admitted again.
    await s.owner.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [u.id]);
    expect((await login(u.login, PASSWORD, '10.1.0.10')).statusCode).toBe(200);
  });

  it('an administrator password reset clears the back-off', async () => {
    const region = await buildRegion(s);
    const admin = await buildUser(s, 'regional_operator', region);
    const u = await buildUser(s, 'org_operator', (await buildOrganization(s)).id);
    for (let i = 0; i < BACKOFF_FAILURES + 1; i++) await login(u.login, 'wrong-password', `10.2.0.${i}`);
    expect((await login(u.login, PASSWORD, '10.2.1.1')).statusCode).toBe(401);
    const reset = await s.app.inject({
      method: 'POST',
      url: `/api/v1/users/${u.id}/password`,
      headers: admin.headers,
      payload: { password: 'Another-Secret-2026!' },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await login(u.login, 'Another-Secret-2026!', '10.2.1.1')).statusCode).toBe(200);
  });
});

describe('configuration', () => {
  it('refuses a back-off base longer than its maximum', async () => {
    const { loadConfig, ConfigError } = await import('../../src/server/platform/config.ts');
    expect(() => loadConfig({ LOGIN_BACKOFF_BASE_SECONDS: '600', LOGIN_BACKOFF_MAX_SECONDS: '60' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ LOGIN_LOCK_MINUTES: '0' })).toThrow(/LOGIN_LOCK_MINUTES/);
    const c = loadConfig({});
    expect([
      c.loginMaxFailures,
      c.loginLockMs,
      c.loginBackoffFailures,
      c.loginBackoffWindowMs,
      c.loginBackoffBaseMs,
      c.loginBackoffMaxMs,
      c.loginTrustedAddressDays,
    ]).toEqual([5, 15 * 60_000, 20, 60 * 60_000, 2000, 300_000, 30]);
  });
});
