import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScratchPostgres } from '../../src/server/platform/db/embedded.ts';

export type BenchDatabase = {
  adminUrl: string;
  /** 'kept': the persistent embedded cluster under data/bench-pg, reused by the next --keep run. */
  kind: 'embedded' | 'kept' | 'DATABASE_URL';
  stop: () => Promise<void>;
};

/** Where --keep keeps its cluster: the repository's git-ignored data/ directory. */
export const KEPT_DATA_DIR = resolve(fileURLToPath(new URL('../../data/bench-pg', import.meta.url)));

/**
 * DATABASE_URL when set (an owner that may create roles); otherwise an embedded cluster: with `keep`, a
 * persistent one under data/bench-pg that later runs reuse with its loaded region (loading a million learners
 * takes minutes), else a throw-away one in a temp directory, removed on stop.
 */
export async function openBenchDatabase(
  env: NodeJS.ProcessEnv = process.env,
  opts: { keep?: boolean } = {},
): Promise<BenchDatabase> {
  if (env.DATABASE_URL) return { adminUrl: env.DATABASE_URL, kind: 'DATABASE_URL', stop: async () => {} };
  const server = await startScratchPostgres({
    tempPrefix: 'kontingent-bench-',
    keepDir: opts.keep ? KEPT_DATA_DIR : undefined,
    password: 'bench',
    // Durability is irrelevant for a benchmark cluster (a kept one is reloaded if a crash corrupts it).
    // Memory as a server of this size would be configured (the defaults fit a laptop): a region of a
    // million learners is ~2.5M persons, whose tables and trigram indexes do not fit 128 MB of buffers.
    settings: {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      shared_buffers: '4GB',
      effective_cache_size: '16GB',
      maintenance_work_mem: '1GB',
      max_wal_size: '8GB',
      listen_addresses: '127.0.0.1',
    },
    database: 'kontingent_bench',
    // BENCH_PG_LOG=<file>: the server's log (with auto_explain loaded, the plans of slow statements).
    onLog: env.BENCH_PG_LOG ? (line) => appendFileSync(env.BENCH_PG_LOG!, `${line}\n`) : undefined,
  });
  return { adminUrl: server.url, kind: opts.keep ? 'kept' : 'embedded', stop: server.stop };
}
