import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/main.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import { TEST_APP_PASSWORD, TEST_APP_ROLE, withDatabase } from './global-setup.ts';

export type TestServer = RunningServer & { dbUrl: string; owner: pg.Pool };

/** A fresh database cloned from the migrated template, and the app on top of it (not listening). */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const adminUrl = inject('pgAdminUrl');
  const name = `kt_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  await admin.end();
  const dbUrl = withDatabase(adminUrl, name);
  // Each test server gets its own pseudonym key, never the installation's data/pseudonym.key.
  const keyDir = mkdtempSync(join(tmpdir(), 'kt-key-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    // The app under test connects as the restricted login role, so every test exercises its privileges.
    DATABASE_APP_ROLE: TEST_APP_ROLE,
    DATABASE_APP_PASSWORD: TEST_APP_PASSWORD,
    DEMO_ACCOUNTS: 'false',
    DEMO_IDP: 'false',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '5',
    PSEUDONYM_KEY_FILE: join(keyDir, 'pseudonym.key'),
    ...env,
  });
  const server = await startServer(config, { listen: env.PORT !== undefined });
  const owner = new pg.Pool({ connectionString: dbUrl, max: 3 });
  owner.on('error', () => {});
  return {
    ...server,
    dbUrl,
    owner,
    stop: async () => {
      await server.stop();
      await owner.end();
    },
  };
}
