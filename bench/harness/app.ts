import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import type { Role } from '../../src/common/roles.ts';
import { type RunningServer, startServer } from '../../src/server/main.ts';
import { hashPassword } from '../../src/server/platform/auth/password.ts';
import { loadConfig } from '../../src/server/platform/config.ts';

export type BenchApp = { server: RunningServer; url: string; poolSize: number };

/**
 * The full application as production runs it (migrations, restricted role, all plugins), minus demo data
 * and routine logging: errors only keeps log I/O out of the measurement without removing the hooks.
 */
export async function startBenchApp(adminUrl: string): Promise<BenchApp> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: adminUrl,
    // The app connects as its own login role, created by the migrator as in production.
    DATABASE_APP_PASSWORD: process.env.DATABASE_APP_PASSWORD ?? 'kontingent-bench-app-role',
    DEMO_ACCOUNTS: 'false',
    DEMO_IDP: 'false',
    // Errors only: a 500 under load must leave its cause in the log, and they are too rare to cost time.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const server = await startServer(config, { listen: true });
  const { port } = server.app.server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, poolSize: config.poolSize };
}

const PASSWORD = 'Bench-password-2026!';

/** Creates (or resets) a password user holding one grant; idempotent so a reused database works. */
export async function ensureUser(admin: pg.Client, login: string, role: Role, scopeNodeId: string | null) {
  const hash = await hashPassword(PASSWORD);
  const user = await admin.query<{ id: string }>(
    `INSERT INTO users (login, full_name, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (login) DO UPDATE
       SET password_hash = excluded.password_hash, blocked = false, failed_logins = 0, locked_until = NULL
     RETURNING id`,
    [login, `Нагрузочный тест ${login}`, hash],
  );
  const userId = user.rows[0]!.id;
  await admin.query(
    `INSERT INTO role_assignments (user_id, role, scope_node_id)
     SELECT $1, $2, $3 WHERE NOT EXISTS (
       SELECT 1 FROM role_assignments
        WHERE user_id = $1 AND role = $2 AND scope_node_id IS NOT DISTINCT FROM $3::uuid
          AND revoked_at IS NULL)`,
    [userId, role, scopeNodeId],
  );
  return { userId, login, password: PASSWORD };
}

/** Signs in through the public login route and returns the Cookie header to send. */
export async function signIn(appUrl: string, login: string, password: string): Promise<string> {
  return (await signInForWrites(appUrl, login, password)).cookie;
}

/** Signs in and returns the headers a state-changing request needs: the session cookie and its CSRF token. */
export async function signInForWrites(appUrl: string, login: string, password: string) {
  const res = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${login} failed: ${res.status} ${await res.text()}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('kt_session='));
  if (!session) throw new Error('sign-in answered without a kt_session cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: session.split(';')[0]!, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}
