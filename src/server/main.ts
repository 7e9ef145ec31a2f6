import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { devEsiaPlugin } from './modules/auth/dev-esia/dev-esia.plugin.ts';
import { AuditBatcher } from './platform/audit/batcher.ts';
import { ApiTokenStore } from './platform/auth/api-tokens.ts';
import { SessionStore } from './platform/auth/sessions.ts';
import type { Config } from './platform/config.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './platform/db/embedded.ts';
import { migrate } from './platform/db/migrate.ts';
import { createDatabase, type Database } from './platform/db/pool.ts';
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
  const { applied, appRole } = await migrate(
    adminUrl,
    config.databaseAppUrl ? null : config.databaseAppRole,
    (m) => log.info(m),
  );
  if (!config.databaseAppUrl && !appRole) {
    log.warn(
      'application role could not be created: the app runs as the owner and could alter the audit log',
    );
  }
  const database = createDatabase({
    url: config.databaseAppUrl ?? adminUrl,
    appRole: config.databaseAppUrl ? null : appRole,
    max: config.poolSize,
  });
  const audit = new AuditBatcher(database.pool);
  // Demo data and its generator are loaded only in demo mode.
  const seeded = config.demoAccounts
    ? await (await import('./demo/seed-demo.ts')).seedDemo(adminUrl, config, log)
    : false;
  const services = {
    config,
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
  if (opts.listen !== false) await app.listen({ port: config.port, host: config.host });
  else await app.ready();
  log.info({ migrations: applied.length, seeded }, 'server ready');
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
      await app.close();
      await audit.drain();
      await database.close();
      await embedded?.stop();
    },
  };
}
