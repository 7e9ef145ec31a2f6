import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../src/server/app.ts';
import { JOBS } from '../../src/server/modules/index.ts';
import { AuditBatcher } from '../../src/server/platform/audit/batcher.ts';
import { ApiTokenStore } from '../../src/server/platform/auth/api-tokens.ts';
import { SessionStore } from '../../src/server/platform/auth/sessions.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import type { DB } from '../../src/server/platform/db/schema.ts';
import { JobQueue } from '../../src/server/platform/jobs/job-queue.ts';

/**
 * The OpenAPI document the server serves at /api/openapi.json, built from the routes alone: the app is
 * assembled on a pool that never connects, since describing routes needs no database.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO_ACCOUNTS: 'false',
    DEMO_IDP: 'false',
    LOG_LEVEL: 'silent',
  });
  const pool = new pg.Pool({ connectionString: 'postgres://unused@127.0.0.1:1/unused', max: 1 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const log = pino({ level: 'silent' });
  const app = await buildApp({
    services: {
      config,
      // Never started: describing routes enqueues nothing.
      jobs: new JobQueue({ url: 'postgres://unused@127.0.0.1:1/unused', db, log, config, defs: JOBS }),
      db,
      pool,
      audit: new AuditBatcher(pool),
      sessions: new SessionStore(db, config.sessionIdleMs, config.sessionAbsoluteMs),
      tokens: new ApiTokenStore(db),
      log,
    },
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await pool.end();
  }
}
