import { resolve } from 'node:path';
import pg from 'pg';
import { type AppLogin, scramVerifier } from './app-login.ts';
import { ensureBackfillTable, pendingBackfills, requestBackfill, runBackfills } from './backfill-runner.ts';
import { assertKnownBackfill } from './backfills.ts';
import { canConnect } from './can-connect.ts';
import { type MigrationFile, readMigrations } from './migration-files.ts';
import { applyNonTransactional } from './nontx.ts';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../../../migrations');
const LOCK_KEY = 7_388_001;

export type MigrationResult = { applied: string[]; appRole: string | null; onlineBackfills: string[] };
export type { AppLogin };

export type MigrateOptions = {
  /** The migrations directory (tests use scratch ones). */
  dir?: string;
  /** Which unfinished backfills run before migrate() returns: the server runs the blocking ones and
   *  leaves the online ones for after it listens; the command-line migrator runs them all. */
  backfills?: 'blocking' | 'all' | 'none';
  /** Backfills to run afresh (an operator's rebuild); an unfinished rebuild of the same name resumes. */
  rebuild?: readonly string[];
  batchSize?: number;
};

/**
 * Applies forward-only migrations in file order under an advisory lock, so that two starting servers
 * never race; an applied file whose text changed stops the run. A plain file runs in one transaction;
 * a `.nontx.sql` file runs statement by statement (nontx.ts). The backfills a file declares are
 * recorded in the same transaction as it, and run afterwards in batches (backfill-runner.ts).
 */
export async function migrate(
  url: string,
  app: AppLogin | null,
  log: (m: string) => void = () => {},
  opts: MigrateOptions = {},
): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url, application_name: 'kontingent-migrate' });
  await client.connect();
  const applied: string[] = [];
  try {
    await applySchema(client, applied, log, opts);
    if (app) await grantAppLogin(client, app, log);
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    const which = opts.backfills ?? 'blocking';
    if (which !== 'none') {
      const modes = which === 'all' ? (['blocking', 'online'] as const) : (['blocking'] as const);
      if ((await pendingBackfills(client, modes)).length)
        await runBackfills(url, { modes, wait: true, batchSize: opts.batchSize, log });
    }
    const onlineBackfills = await pendingBackfills(client, ['online']);
    return { applied, appRole: app?.role ?? null, onlineBackfills };
  } finally {
    await client.end();
  }
}

async function applySchema(
  client: pg.Client,
  applied: string[],
  log: (m: string) => void,
  opts: MigrateOptions,
): Promise<void> {
  await client.query('SET client_min_messages = warning');
  // A killed migrator's server process stops within seconds, even while it waits in a concurrent build.
  await client.query(`SET client_connection_check_interval = '5s'`);
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  await ensureBackfillTable(client);
  const done = new Map<string, string>(
    (await client.query('SELECT version, checksum FROM schema_migrations')).rows.map((r) => [
      r.version,
      r.checksum,
    ]),
  );
  const files = readMigrations(opts.dir ?? MIGRATIONS_DIR);
  for (const m of files) for (const b of m.backfills) assertKnownBackfill(b.name, `Migration ${m.file}`);
  for (const name of opts.rebuild ?? []) assertKnownBackfill(name, 'Rebuild');
  for (const m of files) {
    const known = done.get(m.version);
    if (known) {
      if (known !== m.checksum) throw new Error(`Migration ${m.file} was changed after it was applied`);
      continue;
    }
    await apply(client, m, log);
    applied.push(m.version);
    log(`applied migration ${m.version}${m.nontx ? ' (outside a transaction)' : ''}`);
  }
  for (const name of opts.rebuild ?? []) await requestBackfill(client, name, 'online', 'rebuild', true);
}

/** One file and the backfills it asks for: in one transaction, or, for `.nontx`, its statements first. */
async function apply(client: pg.Client, m: MigrationFile, log: (m: string) => void): Promise<void> {
  if (m.nontx) await applyNonTransactional(client, m, log);
  await client.query('BEGIN');
  try {
    if (!m.nontx) await client.query(m.text);
    await client.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [
      m.version,
      m.checksum,
    ]);
    for (const b of m.backfills) await requestBackfill(client, b.name, b.mode, m.version);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw new Error(`Migration ${m.file} failed: ${(err as Error).message}`);
  }
}

/**
 * The application's login role may read and write registry tables but only append to the audit log; it
 * owns nothing and holds no role attributes. When the migrator manages the role (a password is given) it
 * creates it, or gives an existing one (a NOLOGIN role of earlier versions) its login and password; an
 * owner without CREATEROLE cannot, and the start stops with what to do instead. A role named by
 * DATABASE_APP_URL must exist; it only receives the grants.
 */
async function grantAppLogin(client: pg.Client, app: AppLogin, log: (m: string) => void): Promise<void> {
  const ident = client.escapeIdentifier(app.role);
  const me = (
    await client.query<{ name: string; rolsuper: boolean; rolcreaterole: boolean }>(
      'SELECT current_user AS name, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user',
    )
  ).rows[0]!;
  if (app.role === me.name) {
    throw new Error(`The application login role ${app.role} is the owner itself; it needs a role of its own`);
  }
  const existing = (
    await client.query<Record<(typeof ROLE_ATTRIBUTES)[number], boolean>>(
      `SELECT ${ROLE_ATTRIBUTES.join(', ')} FROM pg_roles WHERE rolname = $1`,
      [app.role],
    )
  ).rows[0];
  if (app.password === null) {
    if (!existing) throw new Error(`DATABASE_APP_URL names the role ${app.role}, which does not exist`);
  } else if (!existing) {
    if (!me.rolsuper && !me.rolcreaterole) throw cannotCreateRoles(me.name, app.role);
    // The defaults are NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS.
    await client.query(
      `CREATE ROLE ${ident} LOGIN PASSWORD ${client.escapeLiteral(scramVerifier(app.password))}`,
    );
    log(`created login role ${app.role}`);
  } else {
    const excess = ROLE_ATTRIBUTES.filter((a) => a !== 'rolcanlogin' && existing[a]);
    if (excess.length) {
      if (!me.rolsuper)
        throw new Error(`The application role ${app.role} has ${excess.join(', ')}; remove them`);
      await client.query(`ALTER ROLE ${ident} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
    }
    // Set only when the configured password does not open the role: an ALTER ROLE in every start would
    // race with other servers of the same cluster and needlessly rewrite the verifier.
    if (!existing.rolcanlogin || !(await canConnect(app.url, 5000))) {
      if (!me.rolsuper && !me.rolcreaterole) throw cannotCreateRoles(me.name, app.role);
      await client.query(
        `ALTER ROLE ${ident} LOGIN PASSWORD ${client.escapeLiteral(scramVerifier(app.password))}`,
      );
      log(`set the password of login role ${app.role}`);
    }
  }
  await client.query(`
    GRANT USAGE ON SCHEMA public TO ${ident};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${ident};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM ${ident};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_chain_head FROM ${ident};
    GRANT EXECUTE ON FUNCTION audit_append(jsonb) TO ${ident};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${ident};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_backfills FROM ${ident};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${ident};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${ident};
  `);
}

const ROLE_ATTRIBUTES = [
  'rolsuper',
  'rolcreatedb',
  'rolcreaterole',
  'rolreplication',
  'rolbypassrls',
  'rolcanlogin',
] as const;

const cannotCreateRoles = (owner: string, role: string) =>
  new Error(
    `Refusing to start: the database owner ${owner} may not create or alter roles (CREATEROLE), so the ` +
      `login role ${role} cannot be made; create a login role yourself and set DATABASE_APP_URL (see README).`,
  );
