import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { devEsiaPlugin } from './modules/auth/dev-esia/dev-esia.plugin.ts';
import { JOBS } from './modules/index.ts';
import { AuditBatcher } from './platform/audit/batcher.ts';
import { ApiTokenStore } from './platform/auth/api-tokens.ts';
import { SessionStore } from './platform/auth/sessions.ts';
import type { Config } from './platform/config.ts';
import { assertLeastPrivilege, resolveAppLogin } from './platform/db/app-login.ts';
import { startOnlineBackfills } from './platform/db/backfill-runner.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './platform/db/embedded.ts';
import { migrate } from './platform/db/migrate.ts';
import { createDatabase, type Database } from './platform/db/pool.ts';
import { grantJobQueue } from './platform/jobs/grant-job-queue.ts';
import { JobQueue } from './platform/jobs/job-queue.ts';
import { createLogger } from './platform/logger.ts';

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  adminUrl: string;
  database: Database;
  seeded: boolean;
  stop: () => Promise<void>;
};

/** The owner's connection: DATABASE_URL, or an embedded PostgreSQL under DATA_DIR. */
export async function openOwnerDatabase(config: Config, log = createLogger(config.logLevel)) {
  let embedded: EmbeddedDatabase | null = null;
  let adminUrl = config.databaseUrl;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      onLog: (line) => log.debug({ component: 'postgres' }, line.trim()),
    });
    adminUrl = embedded.url;
  }
  return { adminUrl, embedded };
}

/** config → database (embedded or DATABASE_URL) → migrate → app → listen. */
export async function startServer(config: Config, opts: { listen?: boolean } = {}): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  const { adminUrl, embedded } = await openOwnerDatabase(config, log);
  // The runtime connects as its own login role; the owner's connection is for migrations and demo data.
  // A start refused here (no way to make the login role, or a too privileged one) stops what it opened.
  let database: Database | null = null;
  let applied: string[];
  let onlineBackfills: string[];
  let appUrl: string;
  try {
    const appLogin = resolveAppLogin(config, adminUrl, embedded !== null);
    ({ applied, onlineBackfills } = await migrate(adminUrl, appLogin, (m) => log.info(m)));
    await grantJobQueue(adminUrl, appLogin.role);
    appUrl = appLogin.url;
    database = createDatabase({ url: appLogin.url, max: config.poolSize });
    await assertLeastPrivilege(database.pool);
  } catch (err) {
    await database?.close();
    await embedded?.stop();
    throw err;
  }
  const audit = new AuditBatcher(database.pool);
  // Demo data and its generator are loaded only in demo mode.
  const seeded = config.demoAccounts
    ? await (await import('./demo/seed-demo.ts')).seedDemo(adminUrl, config, log)
    : false;
  // The durable queue: jobs of earlier runs (cut off by a restart) continue once it starts.
  const jobs = new JobQueue({ url: appUrl, db: database.db, log, config, defs: JOBS });
  const services = {
    config,
    jobs,
    db: database.db,
    pool: database.pool,
    audit,
    sessions: new SessionStore(database.db, config.sessionIdleMs, config.sessionAbsoluteMs),
    tokens: new ApiTokenStore(database.db),
    log,
  };
  const app = await buildApp({
    services,
    extraPlugins: config.demoIdp ? [async (a) => a.register(devEsiaPlugin(config.publicUrl))] : [],
  });
  // Started before listening: a request may enqueue a job as soon as the server answers.
  try {
    await jobs.start();
  } catch (err) {
    await jobs.stop();
    await app.close();
    await database.close();
    await embedded?.stop();
    throw err;
  }
  if (opts.listen !== false) await app.listen({ port: config.port, host: config.host });
  else await app.ready();
  log.info({ migrations: applied.length, seeded }, 'server ready');
  // Backfills that may run while the server serves, in this process, with progress in the log.
  const backfills = onlineBackfills.length ? startOnlineBackfills(adminUrl, log) : null;
  let stopped = false;
  return {
    app,
    url: config.publicUrl,
    adminUrl,
    database,
    seeded,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Running jobs end at their next checkpoint and continue after the next start.
      await jobs.stop();
      await backfills?.stop();
      await app.close();
      await audit.drain();
      await database.close();
      await embedded?.stop();
    },
  };
}
