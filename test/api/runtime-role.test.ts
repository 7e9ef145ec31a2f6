import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer } from '../../src/server/main.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import { withLogin } from '../../src/server/platform/db/app-login.ts';
import { withDatabase } from '../support/global-setup.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Finding 13 (build item 10): the runtime used to connect as the owner (a superuser) and assume the
// restricted role with `-c role=…`, which RESET ROLE or SET ROLE on the same connection undid. These tests
// run SQL on the application's own pool, as an injection or a careless query would.

let s: TestServer;
let owner: string;

beforeAll(async () => {
  s = await startTestServer();
  owner = (await s.owner.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
});
afterAll(async () => {
  await s.stop();
});

/** Runs statements on one connection of the app's pool, so that session settings carry over. */
async function onAppConnection<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await s.database.pool.connect();
  try {
    return await fn(c);
  } finally {
    c.release(true);
  }
}

describe('the application connects as its own restricted login role', () => {
  it('is the session user itself, not a superuser that assumed a role', async () => {
    const r = await s.database.pool.query(
      `SELECT current_user AS cu, session_user AS su,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS cur_super,
              (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS ses_super,
              (SELECT rolbypassrls OR rolcreaterole OR rolcreatedb OR rolreplication
                 FROM pg_roles WHERE rolname = session_user) AS other_attrs`,
    );
    expect(r.rows[0]).toEqual({
      cu: 'kontingent_app',
      su: 'kontingent_app',
      cur_super: false,
      ses_super: false,
      other_attrs: false,
    });
  });

  it('cannot become the owner: SET ROLE and SET SESSION AUTHORIZATION fail, RESET ROLE stays the app', async () => {
    await onAppConnection(async (c) => {
      await expect(c.query(`SET ROLE ${c.escapeIdentifier(owner)}`)).rejects.toThrow(/permission denied/);
    });
    await onAppConnection(async (c) => {
      await expect(c.query(`SET SESSION AUTHORIZATION ${c.escapeIdentifier(owner)}`)).rejects.toThrow(
        /permission denied/,
      );
    });
    await onAppConnection(async (c) => {
      await c.query('RESET ROLE');
      await c.query('SET ROLE NONE');
      const who = await c.query(
        'SELECT current_user AS u, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS s',
      );
      expect(who.rows[0]).toEqual({ u: 'kontingent_app', s: false });
      await expect(c.query('UPDATE audit_log SET outcome = outcome')).rejects.toThrow(/permission denied/);
    });
  });

  // Each statement runs after SET ROLE NONE on the same connection: under the old `-c role=…` that alone
  // turned the connection back into the superuser (RESET ROLE only restores the startup `role`), and all
  // of these succeeded.
  async function afterRoleNone(sql: string): Promise<unknown> {
    return onAppConnection(async (c) => {
      await c.query('SET ROLE NONE');
      await c.query('BEGIN');
      try {
        return await c.query(sql);
      } finally {
        await c.query('ROLLBACK');
      }
    });
  }

  it('cannot alter, drop or create tables, nor create roles', async () => {
    await expect(afterRoleNone('ALTER TABLE persons ADD COLUMN x int')).rejects.toThrow(/must be owner/);
    await expect(afterRoleNone('DROP TABLE audit_log')).rejects.toThrow(/must be owner/);
    await expect(afterRoleNone('TRUNCATE persons')).rejects.toThrow(/permission denied/);
    await expect(afterRoleNone('CREATE TABLE kt_intruder (id int)')).rejects.toThrow(/permission denied/);
    await expect(afterRoleNone(`CREATE ROLE kt_intruder LOGIN PASSWORD 'x'`)).rejects.toThrow(
      /permission denied/,
    );
  });

  it('cannot update or delete the audit log', async () => {
    await expect(afterRoleNone(`UPDATE audit_log SET outcome = 'failure'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(afterRoleNone('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
    await expect(afterRoleNone('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
  });

  it('cannot switch triggers off', async () => {
    await expect(afterRoleNone('ALTER TABLE persons DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
    await expect(afterRoleNone('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
    await expect(afterRoleNone('SET LOCAL session_replication_role = replica')).rejects.toThrow(
      /permission denied/,
    );
  });

  it('reaches tables that later migrations create, through default privileges', async () => {
    await s.owner.query('CREATE TABLE kt_later_migration (id int PRIMARY KEY)');
    await s.database.pool.query('INSERT INTO kt_later_migration VALUES (1)');
    const r = await s.database.pool.query('SELECT count(*)::int AS n FROM kt_later_migration');
    expect(r.rows[0].n).toBe(1);
    await expect(s.database.pool.query('DROP TABLE kt_later_migration')).rejects.toThrow(/must be owner/);
  });
});

describe('the server refuses to start without a restricted login', () => {
  const adminUrl = () => inject('pgAdminUrl');

  async function clonedDatabase(): Promise<string> {
    const name = `kt_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    await admin.end();
    return withDatabase(adminUrl(), name);
  }

  const baseEnv = () => ({
    NODE_ENV: 'test',
    DEMO_ACCOUNTS: 'false',
    DEMO_IDP: 'false',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '2',
    PSEUDONYM_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'kt-key-')), 'pseudonym.key'),
  });

  it('DATABASE_URL without DATABASE_APP_PASSWORD or DATABASE_APP_URL', async () => {
    const config = loadConfig({ ...baseEnv(), DATABASE_URL: await clonedDatabase() });
    await expect(startServer(config, { listen: false })).rejects.toThrow(
      /DATABASE_APP_PASSWORD.*DATABASE_APP_URL/,
    );
  });

  it('DATABASE_APP_URL naming the owner (a superuser)', async () => {
    const url = await clonedDatabase();
    const config = loadConfig({ ...baseEnv(), DATABASE_URL: url, DATABASE_APP_URL: url });
    await expect(startServer(config, { listen: false })).rejects.toThrow(/owner itself|too privileged/);
  });

  it('DATABASE_APP_URL naming a login role that may become the owner', async () => {
    const url = await clonedDatabase();
    const role = `kt_member_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      const ownerName = (await admin.query('SELECT current_user AS u')).rows[0].u;
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'member-password-1'`);
      await admin.query(`GRANT ${admin.escapeIdentifier(ownerName)} TO ${role}`);
      const config = loadConfig({
        ...baseEnv(),
        DATABASE_URL: url,
        DATABASE_APP_URL: withLogin(url, role, 'member-password-1'),
      });
      await expect(startServer(config, { listen: false })).rejects.toThrow(
        /too privileged.*owner of the tables/,
      );
    } finally {
      // The migrator granted the role the clone's tables; the clone goes first, then the role.
      await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });

  it('an owner without CREATEROLE: refused with DATABASE_APP_PASSWORD, started with DATABASE_APP_URL', async () => {
    const tag = randomBytes(4).toString('hex');
    const ownerRole = `kt_owner_${tag}`;
    const appRole = `kt_app_${tag}`;
    const dbName = `kt_t_nocreaterole_${tag}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${ownerRole} LOGIN NOCREATEROLE PASSWORD 'owner-password-123'`);
      await admin.query(`CREATE DATABASE ${dbName} OWNER ${ownerRole}`);
      const ownerUrl = withLogin(withDatabase(adminUrl(), dbName), ownerRole, 'owner-password-123');
      const refused = loadConfig({
        ...baseEnv(),
        DATABASE_URL: ownerUrl,
        DATABASE_APP_ROLE: appRole,
        DATABASE_APP_PASSWORD: 'app-password-12345',
      });
      await expect(startServer(refused, { listen: false })).rejects.toThrow(/CREATEROLE.*DATABASE_APP_URL/);
      expect((await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [appRole])).rowCount).toBe(0);

      // The administrator creates the login role; the migrator (as the owner) grants it the tables.
      await admin.query(`CREATE ROLE ${appRole} LOGIN PASSWORD 'app-password-12345'`);
      const config = loadConfig({
        ...baseEnv(),
        DATABASE_URL: ownerUrl,
        DATABASE_APP_URL: withLogin(ownerUrl, appRole, 'app-password-12345'),
      });
      const server = await startServer(config, { listen: false });
      try {
        const who = await server.database.pool.query(
          'SELECT current_user AS u, count(*)::int AS n FROM persons',
        );
        expect(who.rows[0]).toEqual({ u: appRole, n: 0 });
        await expect(server.database.pool.query('DELETE FROM audit_log')).rejects.toThrow(
          /permission denied/,
        );
        await expect(server.database.pool.query(`SET ROLE ${ownerRole}`)).rejects.toThrow(
          /permission denied/,
        );
        const health = await server.app.inject({ method: 'GET', url: '/api/health' });
        expect(health.statusCode).toBe(200);
      } finally {
        await server.stop();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${appRole}`);
      await admin.query(`DROP ROLE IF EXISTS ${ownerRole}`);
      await admin.end();
    }
  });
});

describe('upgrading an installation', () => {
  it('gives the NOLOGIN role of earlier versions a login and password, then connects as it', async () => {
    const role = `kt_legacy_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} NOLOGIN`);
    let server: TestServer | null = null;
    try {
      server = await startTestServer({
        DATABASE_APP_ROLE: role,
        DATABASE_APP_PASSWORD: 'legacy-password-123',
      });
      const who = await server.database.pool.query('SELECT session_user AS u');
      expect(who.rows[0].u).toBe(role);
      const attrs = await admin.query('SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1', [
        role,
      ]);
      expect(attrs.rows[0]).toEqual({ rolcanlogin: true, rolsuper: false });
    } finally {
      await server?.stop();
      if (server)
        await admin.query(`DROP DATABASE IF EXISTS ${new URL(server.dbUrl).pathname.slice(1)} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
