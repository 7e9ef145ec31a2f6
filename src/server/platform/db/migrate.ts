import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../../../migrations');
const LOCK_KEY = 7_388_001;

export type MigrationResult = { applied: string[]; appRole: string | null };

/**
 * Applies forward-only SQL migrations in file order, each in its own transaction, under an advisory
 * lock so that two starting servers never race. An applied file whose text changed stops the run.
 */
export async function migrate(url: string, appRole: string | null, log: (m: string) => void = () => {}) {
  const client = new pg.Client({ connectionString: url, application_name: 'kontingent-migrate' });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SET client_min_messages = warning');
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map<string, string>(
      (await client.query('SELECT version, checksum FROM schema_migrations')).rows.map((r) => [
        r.version,
        r.checksum,
      ]),
    );
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
      .sort();
    for (const file of files) {
      const text = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      const checksum = createHash('sha256').update(text).digest('hex');
      const version = file.replace(/\.sql$/, '');
      const known = done.get(version);
      if (known) {
        if (known !== checksum) throw new Error(`Migration ${file} was changed after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(text);
        await client.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [
          version,
          checksum,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
      }
      applied.push(version);
      log(`applied migration ${version}`);
    }
    const role = appRole ? await grantAppRole(client, appRole) : null;
    return { applied, appRole: role } satisfies MigrationResult;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/**
 * The application role may read and write registry tables but only append to the audit log.
 * Returns the role name, or null when the migrating user may not create roles (then a separate
 * DATABASE_APP_URL with such a role is required, which the README explains).
 */
async function grantAppRole(client: pg.Client, role: string): Promise<string | null> {
  const ident = `"${role}"`;
  const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount;
  try {
    if (!exists) await client.query(`CREATE ROLE ${ident} NOLOGIN`);
    const me = (await client.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0];
    if (!me?.rolsuper) await client.query(`GRANT ${ident} TO current_user`);
  } catch {
    return null;
  }
  await client.query(`
    GRANT USAGE ON SCHEMA public TO ${ident};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${ident};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${ident};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${ident};
  `);
  return role;
}
