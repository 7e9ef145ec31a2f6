import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import { type Config, ConfigError } from '../config.ts';

/**
 * The login role the runtime pool connects as. `password` is set when the migrator manages the role
 * (creates it, keeps its password); null when DATABASE_APP_URL names a role an administrator made.
 */
export type AppLogin = { role: string; password: string | null; url: string };

/** Where the embedded cluster keeps the generated password of the application's login role. */
export const appPasswordFile = (dataDir: string) => join(dataDir, 'app-role.password');

/**
 * Decides the runtime login: DATABASE_APP_URL as given; for the embedded cluster a role whose password is
 * generated once into the data directory; for DATABASE_URL a role with DATABASE_APP_PASSWORD. A server
 * is never started on the owner's own connection.
 */
export function resolveAppLogin(config: Config, ownerUrl: string, embedded: boolean): AppLogin {
  if (config.databaseAppUrl) {
    const role = decodeURIComponent(new URL(config.databaseAppUrl).username);
    if (!role)
      throw new ConfigError('DATABASE_APP_URL must name the login role (postgres://role:password@…).');
    return { role, password: null, url: config.databaseAppUrl };
  }
  const password = embedded ? embeddedPassword(config.dataDir) : config.databaseAppPassword;
  if (!password) {
    throw new ConfigError(
      'Refusing to start: with DATABASE_URL set either DATABASE_APP_PASSWORD (the migrator creates the ' +
        `login role ${config.databaseAppRole} with it) or DATABASE_APP_URL (a login role you created).`,
    );
  }
  return {
    role: config.databaseAppRole,
    password,
    url: withLogin(ownerUrl, config.databaseAppRole, password),
  };
}

/** The owner's URL with another user and password; both are percent-encoded so any character survives. */
export function withLogin(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** Generated on the first start and kept with mode 0600 next to the cluster it opens. */
function embeddedPassword(dataDir: string): string {
  const file = appPasswordFile(dataDir);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 16) return kept;
  }
  mkdirSync(dirname(file), { recursive: true });
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return password;
}

/**
 * A SCRAM-SHA-256 verifier (RFC 5802, PostgreSQL's stored format), so that CREATE/ALTER ROLE never
 * carries the password itself into the server's statement log. node-postgres hashes the password as
 * given, without SASLprep, and so does this.
 */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * Run on the runtime pool before serving: the connected user must not be a superuser, bypass row
 * security, create roles or databases, replicate, or own (or be able to become the owner of) a table.
 */
export async function assertLeastPrivilege(pool: pg.Pool): Promise<void> {
  const r = await pool.query<{
    user: string;
    rolsuper: boolean;
    rolbypassrls: boolean;
    rolcreaterole: boolean;
    rolcreatedb: boolean;
    rolreplication: boolean;
    owner: boolean;
  }>(`
    SELECT current_user AS user, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb, r.rolreplication,
           EXISTS (SELECT 1 FROM (SELECT DISTINCT c.relowner FROM pg_class c
                                    JOIN pg_namespace n ON n.oid = c.relnamespace
                                   WHERE n.nspname = 'public') o
                    WHERE pg_has_role(current_user, o.relowner, 'MEMBER')) AS owner
      FROM pg_roles r WHERE r.rolname = current_user`);
  const row = r.rows[0];
  if (!row) throw new Error('Refusing to start: the runtime database user is not a role');
  const bad = (
    ['rolsuper', 'rolbypassrls', 'rolcreaterole', 'rolcreatedb', 'rolreplication', 'owner'] as const
  )
    .filter((k) => row[k])
    .map((k) => (k === 'owner' ? 'owns or may become the owner of the tables' : k));
  if (bad.length) {
    throw new Error(
      `Refusing to start: the runtime database user ${row.user} is too privileged (${bad.join(', ')}); ` +
        'the application must connect as its own restricted login role (see README, Operating).',
    );
  }
}
