import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateRegion, loadPersons, loadRegion } from '../../src/generator/index.ts';
import { startServer } from '../../src/server/main.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import { figure, requestBackfill } from '../../src/server/platform/db/backfill-runner.ts';
import { MIGRATIONS_DIR } from '../../src/server/platform/db/migrate.ts';
import { TEST_APP_PASSWORD, TEST_APP_ROLE, withDatabase } from '../support/global-setup.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BATCH = 200;

/** A database cloned from the migrated template. */
async function freshDatabase(): Promise<string> {
  const name = `kt_bf_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  await admin.end();
  return withDatabase(inject('pgAdminUrl'), name);
}

/** The real migrations (all applied to the template) and the given new files. */
function scratchMigrations(extra: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kt-migrations-'));
  for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
  for (const [f, text] of Object.entries(extra)) writeFileSync(join(dir, f), text);
  return dir;
}

type Run = { child: ChildProcess; log: () => string; exit: Promise<number | null> };

/** `npm run migrate` in a child process of its own, so that it can be killed with SIGKILL. */
function runMigrate(dbUrl: string, args: string[]): Run {
  const child = spawn(join(ROOT, 'node_modules/.bin/node'), ['scripts/migrate.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      DATABASE_APP_ROLE: TEST_APP_ROLE,
      DATABASE_APP_PASSWORD: TEST_APP_PASSWORD,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exit = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, log: () => out, exit };
}

async function runToEnd(dbUrl: string, args: string[]): Promise<string> {
  const run = runMigrate(dbUrl, args);
  const code = await run.exit;
  if (code !== 0) throw new Error(`migrate exited with ${code}:\n${run.log()}`);
  return run.log();
}

/** Polls until the condition holds; a child that exits meanwhile fails the wait. No timing is asserted. */
async function until<T>(what: () => Promise<T | null | undefined | false>, run?: Run): Promise<T> {
  for (;;) {
    const v = await what();
    if (v) return v;
    if (run && run.child.exitCode !== null) throw new Error(`migrate exited early:\n${run.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const backendWaitingOnLock = (db: pg.Pool, app: string) => async () =>
  (
    await db.query(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'`,
      [app],
    )
  ).rows[0]?.pid as number | undefined;

const backendGone = (db: pg.Pool, app: string) => async () =>
  (
    await db.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [app],
    )
  ).rows[0].n === 0;

/** Rows in one and not the other, both ways, after the derived tables are built afresh (rolled back). */
async function differencesFromRebuild(db: pg.Pool): Promise<{ cards: number; access: number }> {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query(`CREATE TEMP TABLE kept ON COMMIT DROP AS
      SELECT person_id, status, card::text AS card FROM person_cards`);
    await c.query('SELECT person_cards_rebuild()');
    const cards = await c.query(`SELECT count(*)::int AS n FROM (
      (SELECT * FROM kept EXCEPT SELECT person_id, status, card::text FROM person_cards)
      UNION ALL
      (SELECT person_id, status, card::text FROM person_cards EXCEPT SELECT * FROM kept)) d`);
    const access = await c.query(`SELECT count(*)::int AS n FROM (
      (SELECT node_id, person_id, learner_id, last_day FROM person_access
       EXCEPT SELECT * FROM person_access_rule(NULL))
      UNION ALL
      (SELECT * FROM person_access_rule(NULL)
       EXCEPT SELECT node_id, person_id, learner_id, last_day FROM person_access)) d`);
    return { cards: cards.rows[0].n, access: access.rows[0].n };
  } finally {
    await c.query('ROLLBACK');
    c.release();
  }
}

// A new card function: every stored card is stale until the backfill rewrites it. Access rows are emptied
// as if the table were new. Both backfills are declared in the order they run.
const CARD_MIGRATION = `-- backfill: person_cards blocking
-- backfill: person_access blocking
CREATE OR REPLACE FUNCTION person_card_contact(c person_contacts) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('kind', c.kind, 'value', c.value, 'note', c.note, 'checked', true)
$$;
TRUNCATE person_access;
`;

describe('batched backfills', () => {
  let dbUrl: string;
  let db: pg.Pool;
  let persons: number;

  beforeAll(async () => {
    dbUrl = await freshDatabase();
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const region = generateRegion({ learners: 1200, seed: 'backfill' });
    await loadRegion(client, region);
    await loadPersons(client, region, { learners: 1200, seed: 'backfill' });
    await client.end();
    db = new pg.Pool({ connectionString: dbUrl, max: 4 });
    persons = (await db.query('SELECT count(*)::int AS n FROM persons')).rows[0].n;
  });
  afterAll(async () => {
    await db?.end();
  });

  it('a backfill killed with SIGKILL half-way continues from its checkpoint and ends as an uninterrupted run', async () => {
    expect(persons).toBeGreaterThan(10 * BATCH);
    const dir = scratchMigrations({ '0900_card_contacts_checked.sql': CARD_MIGRATION });
    // Holding the card lock of a person of the fifth batch (and linked to no one in the first four)
    // stops the backfill there, after four batches are checkpointed, deterministically.
    const held = BATCH * 4;
    const blocker = (
      await db.query<{ id: string }>(
        `WITH o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS pos FROM persons)
         SELECT o.id FROM o WHERE o.pos >= $1 AND o.pos < $2 AND NOT EXISTS (
           SELECT 1 FROM representations r JOIN o l ON l.id IN (r.learner_id, r.representative_id)
            WHERE r.revoked_at IS NULL AND o.id IN (r.learner_id, r.representative_id) AND l.pos < $1)
         ORDER BY o.pos LIMIT 1`,
        [held, held + BATCH],
      )
    ).rows[0]!.id;
    const lock = await db.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT pg_advisory_xact_lock(73002, person_lock_key($1))', [blocker]);

    const first = runMigrate(dbUrl, ['--migrations-dir', dir, '--batch-size', String(BATCH)]);
    await until(backendWaitingOnLock(db, 'kontingent-backfill'), first);
    const checkpoint = async () =>
      (await db.query(`SELECT * FROM schema_backfills WHERE name = 'person_cards'`)).rows[0];
    expect(await checkpoint()).toMatchObject({ rows_done: String(held), rows_total: String(persons) });
    first.child.kill('SIGKILL');
    await first.exit;
    // The killed runner's server process notices the lost client and rolls its batch back.
    await until(backendGone(db, 'kontingent-backfill'));
    await lock.query('COMMIT');
    lock.release();

    expect(await checkpoint()).toMatchObject({ rows_done: String(held), finished_at: null });
    // Half-way: the schema change and the first batches are in, the rest is not.
    const fresh = await db.query<{ before: number; after: number }>(
      `WITH o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS pos FROM persons)
       SELECT count(*) FILTER (WHERE o.pos < $1)::int AS before, count(*) FILTER (WHERE o.pos >= $1)::int AS after
         FROM person_cards pc JOIN o ON o.id = pc.person_id WHERE pc.card->'contacts'->0->>'checked' = 'true'`,
      [held],
    );
    expect(fresh.rows[0]!.before).toBeGreaterThan(0);
    expect(fresh.rows[0]!.after).toBeLessThan(persons - held - BATCH);
    expect(
      (await db.query(`SELECT 1 FROM schema_migrations WHERE version = '0900_card_contacts_checked'`))
        .rowCount,
    ).toBe(1);

    const log = await runToEnd(dbUrl, ['--migrations-dir', dir, '--batch-size', String(BATCH)]);
    const n = figure(persons);
    expect(log).toContain(`backfill person_cards: resuming at ${figure(held)} / ${n}`);
    expect(log).toContain(`backfill person_cards: done, ${n} / ${n} (${figure(persons - held)} in this run)`);
    expect(log).toContain(`backfill person_access: starting, 0 / ${n}`);
    expect(log).toContain(`backfill person_access: done, ${n} / ${n} (${n} in this run)`);
    expect(log).not.toContain('applied migration');

    expect(await differencesFromRebuild(db)).toEqual({ cards: 0, access: 0 });
    const withContacts = await db.query(
      `SELECT count(*) FILTER (WHERE card->'contacts'->0->>'checked' = 'true')::int AS checked,
              count(*) FILTER (WHERE json_array_length(card->'contacts') > 0)::int AS all FROM person_cards`,
    );
    expect(withContacts.rows[0].all).toBeGreaterThan(0);
    expect(withContacts.rows[0].checked).toBe(withContacts.rows[0].all);
    expect(Number((await db.query('SELECT count(*) AS n FROM person_access')).rows[0].n)).toBeGreaterThan(
      persons,
    );
    const done = await db.query('SELECT finished_at FROM schema_backfills WHERE finished_at IS NULL');
    expect(done.rowCount).toBe(0);
  });

  it('npm run migrate -- --rebuild puts a damaged derived table right', async () => {
    await db.query(
      `DELETE FROM person_access WHERE learner_id IN (SELECT id FROM persons ORDER BY id LIMIT 500)`,
    );
    await db.query(`UPDATE person_access SET last_day = '2020-01-01' WHERE person_id IN
                      (SELECT id FROM persons ORDER BY id DESC LIMIT 300)`);
    expect((await differencesFromRebuild(db)).access).toBeGreaterThan(0);
    const log = await runToEnd(dbUrl, ['--rebuild', 'person_access', '--batch-size', '1000']);
    const n = figure(persons);
    expect(log).toContain(`backfill person_access: done, ${n} / ${n} (${n} in this run)`);
    expect(await differencesFromRebuild(db)).toEqual({ cards: 0, access: 0 });
    const row = await db.query(
      `SELECT mode, requested_by FROM schema_backfills WHERE name = 'person_access'`,
    );
    expect(row.rows[0]).toEqual({ mode: 'online', requested_by: 'rebuild' });
  });

  it('an online backfill runs after the server is up, and a write racing a batch is not lost', async () => {
    // Every card is wrong until the backfill rewrites it; the backfill stops at the writer's locks.
    await db.query(`UPDATE person_cards SET card = '{}'::json`);
    const c = await db.connect();
    await requestBackfill(c, 'person_cards', 'online', 'test');
    const first = (await c.query<{ id: string }>('SELECT id FROM persons ORDER BY id LIMIT 1')).rows[0]!.id;
    await c.query('BEGIN');
    // As a card writer holds them: the structure's lock shared (a batch takes it exclusively, 0031),
    // then the person's.
    await c.query(
      'SELECT pg_advisory_xact_lock_shared(73002, 0), pg_advisory_xact_lock(73002, person_lock_key($1))',
      [first],
    );
    const server = await startServer(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: dbUrl,
        DATABASE_APP_ROLE: TEST_APP_ROLE,
        DATABASE_APP_PASSWORD: TEST_APP_PASSWORD,
        DEMO_ACCOUNTS: 'false',
        DEMO_IDP: 'false',
        LOG_LEVEL: 'silent',
        DATABASE_POOL_SIZE: '2',
        PSEUDONYM_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'kt-key-')), 'pseudonym.key'),
      }),
      { listen: false },
    );
    try {
      await until(backendWaitingOnLock(db, 'kontingent-backfill'));
      expect((await server.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      // A write committed while the batch waits: the batch reads after the lock and keeps it.
      await c.query(`UPDATE persons SET birth_place = 'г. Проверочный' WHERE id = $1`, [first]);
      await c.query('COMMIT');
      await until(
        async () =>
          (
            await db.query(
              `SELECT 1 FROM schema_backfills WHERE name = 'person_cards' AND finished_at IS NOT NULL`,
            )
          ).rowCount,
      );
    } finally {
      c.release();
      await server.stop();
    }
    const card = await db.query(
      `SELECT card->>'birthPlace' AS place FROM person_cards WHERE person_id = $1`,
      [first],
    );
    expect(card.rows[0].place).toBe('г. Проверочный');
    expect(await differencesFromRebuild(db)).toEqual({ cards: 0, access: 0 });
  });
});

describe('non-transactional migrations', () => {
  it('an interrupted CREATE INDEX CONCURRENTLY leaves an invalid index, which the next run drops and builds again', async () => {
    const dbUrl = await freshDatabase();
    const db = new pg.Pool({ connectionString: dbUrl, max: 3 });
    const dir = scratchMigrations({
      '0901_persons_birth_index.nontx.sql': `-- Built without blocking writes; safe to run again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS persons_birth_test_idx ON persons (birth_date, last_name);
CREATE INDEX CONCURRENTLY IF NOT EXISTS person_contacts_value_test_idx ON person_contacts (value);
`,
    });
    const valid = async (name: string) =>
      (await db.query('SELECT indisvalid AS v FROM pg_index WHERE indexrelid = to_regclass($1)', [name]))
        .rows[0]?.v as boolean | undefined;
    try {
      // An open writer makes the concurrent build wait after it has entered the index in the catalogue.
      const writer = await db.connect();
      await writer.query('BEGIN');
      await writer.query('LOCK TABLE persons IN ROW EXCLUSIVE MODE');
      const first = runMigrate(dbUrl, ['--migrations-dir', dir]);
      await until(backendWaitingOnLock(db, 'kontingent-migrate'), first);
      expect(await valid('persons_birth_test_idx')).toBe(false);
      first.child.kill('SIGKILL');
      await first.exit;
      await until(backendGone(db, 'kontingent-migrate'));
      await writer.query('ROLLBACK');
      writer.release();
      expect(await valid('persons_birth_test_idx')).toBe(false);
      const recorded = `SELECT 1 FROM schema_migrations WHERE version = '0901_persons_birth_index'`;
      expect((await db.query(recorded)).rowCount).toBe(0);

      const log = await runToEnd(dbUrl, ['--migrations-dir', dir]);
      expect(log).toContain(
        'migration 0901_persons_birth_index: dropping the invalid index persons_birth_test_idx left by an interrupted build',
      );
      expect(log).toContain('applied migration 0901_persons_birth_index (outside a transaction)');
      expect(await valid('persons_birth_test_idx')).toBe(true);
      expect(await valid('person_contacts_value_test_idx')).toBe(true);
      expect((await db.query(recorded)).rowCount).toBe(1);
    } finally {
      await db.end();
    }
  });
});
