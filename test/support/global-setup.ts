import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withLogin } from '../../src/server/platform/db/app-login.ts';
import { startScratchPostgres } from '../../src/server/platform/db/embedded.ts';
import { migrate } from '../../src/server/platform/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

const TEMPLATE = 'kt_test_template';
export const TEST_APP_ROLE = 'kontingent_app';
export const TEST_APP_PASSWORD = 'kontingent-app-test-only';

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set (a superuser on PostgreSQL 15+), otherwise
 * a throw-away embedded cluster. A migrated template database is cloned for every test file.
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const server = await startScratchPostgres({
      tempPrefix: 'kontingent-test-',
      password: 'test',
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    adminUrl = server.url;
    stop = server.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const templateUrl = withDatabase(adminUrl, TEMPLATE);
  // The login role is cluster-wide: every test database's app connects as it (test/support/server.ts).
  await migrate(templateUrl, {
    role: TEST_APP_ROLE,
    password: TEST_APP_PASSWORD,
    url: withLogin(templateUrl, TEST_APP_ROLE, TEST_APP_PASSWORD),
  });
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', TEMPLATE);
  return stop;
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
