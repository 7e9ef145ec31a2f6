import type pg from 'pg';
import { type MigrationFile, splitStatements } from './migration-files.ts';

const CONCURRENT_INDEX =
  /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s+ON\b/i;

/**
 * Runs a `.nontx.sql` file statement by statement, each on its own (CREATE INDEX CONCURRENTLY cannot run
 * inside a transaction block, and one simple query with several statements is one). The file is recorded
 * as applied only after its last statement, so a failed or killed run starts the file again from the
 * top: its statements must be safe to repeat (IF NOT EXISTS, IF EXISTS). A concurrent index build that
 * was interrupted leaves an INVALID index behind, which IF NOT EXISTS would silently keep; before each
 * such statement an invalid index of that name is dropped, so the build is done again.
 */
export async function applyNonTransactional(
  client: pg.Client,
  m: MigrationFile,
  log: (m: string) => void,
): Promise<void> {
  const statements = splitStatements(m.text);
  for (const [i, statement] of statements.entries()) {
    try {
      const index = CONCURRENT_INDEX.exec(statement.replace(/^(?:\s*--[^\n]*\n)+/, '').trim())?.[1];
      if (index) await dropIfInvalid(client, index, m.version, log);
      await client.query(statement);
    } catch (err) {
      throw new Error(
        `Migration ${m.file} failed at statement ${i + 1} of ${statements.length} (it runs again from ` +
          `the first statement on the next start): ${(err as Error).message}`,
      );
    }
  }
}

async function dropIfInvalid(client: pg.Client, name: string, version: string, log: (m: string) => void) {
  const r = await client.query<{ name: string }>(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i
      WHERE i.indexrelid = to_regclass($1) AND NOT i.indisvalid`,
    [name],
  );
  const invalid = r.rows[0]?.name;
  if (!invalid) return;
  log(`migration ${version}: dropping the invalid index ${invalid} left by an interrupted build`);
  await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${invalid}`);
}
