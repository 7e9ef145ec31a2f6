import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/server/platform/audit/chain.ts';
import { verifyAuditChain } from '../../src/server/platform/audit/verify.ts';
import { appendAudit, appendAuditAlone } from '../../src/server/platform/audit/writer.ts';
import { auditInTx, type Ctx } from '../../src/server/platform/context.ts';
import { withTransaction } from '../../src/server/platform/db/tx.ts';
import { buildRegion, buildUser, type TestUser } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let regional: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
});
afterAll(() => s.stop());

/** `npm run audit:verify`, run as a child process; resolves with its exit code and stderr. */
const verifyCli = () =>
  new Promise<{ status: number | null; stderr: string }>((done) => {
    const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../scripts/audit-verify.ts')], {
      env: { ...process.env, DATABASE_URL: s.dbUrl, LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => done({ status, stderr }));
  });

const up = (id: string) => id.toUpperCase();

const entry = (worker: number, n: number): AuditEntry => ({
  at: new Date(),
  actorUserId: n % 2 ? up(regional.id) : regional.id,
  actorRole: 'regional_operator',
  scopeNodeId: null,
  action: 'test.load',
  objectType: 'person',
  objectId: `${worker}-${n}`,
  outcome: 'success',
  requestId: randomUUID().toUpperCase(),
  ip: '127.0.0.1',
  subjectIds: [up(randomUUID()), randomUUID()],
  details: { worker, n, text: 'Ёлка «в» \n"кавычки"', nested: { b: [1, 2.5], a: null } },
});

/** A DBA connection that bypasses the append-only trigger, as in the tamper test. */
async function asDba<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: s.dbUrl });
  await c.connect();
  try {
    await c.query('SET session_replication_role = replica');
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('audit:verify', () => {
  it(
    'passes 100 runs out of 100 while several workers append, upper-case uuids and rollbacks included',
    async () => {
      const ctx = { requestId: 'LOAD', ip: null, actor: null } as unknown as Ctx;
      let verifying = true;
      let appended = 0;
      // Four kinds of writer: group commit alone, a plain transaction, a business transaction with
      // auditInTx, and transactions that append and then roll back (they leave gaps in the ids).
      const worker = async (w: number) => {
        for (let n = 0; verifying; n++) {
          // A short pause between writes keeps the log (which every run walks whole) from outgrowing
          // the 100 runs; the writes still land between and during them.
          await new Promise((r) => setTimeout(r, 30));
          const kind = (w + n) % 4;
          if (kind === 0) {
            await appendAuditAlone(s.database.pool, [entry(w, n), entry(w, n + 0.5)]);
            appended += 2;
          } else if (kind === 1) {
            await s.app.services.db.transaction().execute((tx) => appendAudit(tx, [entry(w, n)]));
            appended++;
          } else if (kind === 2) {
            await withTransaction(s.app.services.db, async (tx) => {
              await auditInTx(tx, ctx, { action: 'test.load', userId: up(regional.id), details: { w, n } });
              await auditInTx(tx, ctx, { action: 'test.load', subjectIds: [up(randomUUID())] });
            });
            appended += 2;
          } else {
            await s.app.services.db
              .transaction()
              .execute(async (tx) => {
                await appendAudit(tx, [entry(w, n)]);
                throw new Error('rollback');
              })
              .catch(() => {});
          }
        }
      };
      const results: Awaited<ReturnType<typeof verifyAuditChain>>[] = [];
      const verifier = async () => {
        for (let i = 0; i < 100; i++) results.push(await verifyAuditChain(s.dbUrl, 200));
      };
      // The command line tool as well (AUDIT_VERIFY_CLI_RUNS times, 2 by default: each run starts Node and
      // walks the whole log); the writers go on until both checkers are done.
      const cliRuns = Number(process.env.AUDIT_VERIFY_CLI_RUNS ?? 2);
      const cli = (async () => {
        const out: Awaited<ReturnType<typeof verifyCli>>[] = [];
        for (let i = 0; i < cliRuns; i++) out.push(await verifyCli());
        return out;
      })();
      const writers = [worker(0), worker(1), worker(2), worker(3)];
      try {
        await Promise.all([verifier(), cli]);
      } finally {
        verifying = false;
        await Promise.allSettled(writers);
      }
      await Promise.all(writers);
      const failures = results.filter((r) => !r.ok);
      expect(failures).toEqual([]);
      expect(results).toHaveLength(100);
      // The runs saw the log grow: the writers were at work between them.
      expect(new Set(results.map((r) => r.checked)).size).toBeGreaterThan(1);
      expect(appended).toBeGreaterThan(0);
      const cliResults = await cli;
      expect(cliResults).toHaveLength(cliRuns);
      for (const run of cliResults) expect(run.status, run.stderr).toBe(0);
    },
    600_000 + Number(process.env.AUDIT_VERIFY_CLI_RUNS ?? 2) * 20_000,
  );

  describe('fails, naming the record, on', () => {
    beforeAll(async () => {
      await s.owner.query('CREATE TABLE audit_backup AS SELECT * FROM audit_log');
    });
    const restore = () =>
      asDba(async (c) => {
        await c.query('DELETE FROM audit_log');
        await c.query('INSERT INTO audit_log SELECT * FROM audit_backup');
      });
    const ids = async () =>
      (await s.owner.query<{ id: string }>('SELECT id::text AS id FROM audit_log a ORDER BY a.id')).rows.map(
        (r) => r.id,
      );

    it('an intact log (the restore works)', async () => {
      expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: true });
    });

    it('an emptied log', async () => {
      const head = (await s.owner.query('SELECT last_id::text AS id FROM audit_chain_head')).rows[0].id;
      await asDba((c) => c.query('DELETE FROM audit_log'));
      const r = await verifyAuditChain(s.dbUrl);
      expect(r).toMatchObject({ ok: false, brokenId: head, checked: 0 });
      const cli = await verifyCli();
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain(`запись ${head}`);
      expect(cli.stderr).toContain('журнал пуст');
      await restore();
    });

    it('a log truncated at the end', async () => {
      const all = await ids();
      await asDba((c) => c.query('DELETE FROM audit_log WHERE id >= $1', [all[all.length - 3]]));
      const r = await verifyAuditChain(s.dbUrl);
      expect(r).toMatchObject({ ok: false, brokenId: all[all.length - 1], checked: all.length - 3 });
      const cli = await verifyCli();
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain(`запись ${all[all.length - 1]}`);
      await restore();
    });

    it('a log truncated at the start', async () => {
      const all = await ids();
      await asDba((c) => c.query('DELETE FROM audit_log WHERE id < $1', [all[5]]));
      expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: false, brokenId: all[5], checked: 0 });
      await restore();
    });

    it('a gap in the middle', async () => {
      const all = await ids();
      const mid = Math.floor(all.length / 2);
      await asDba((c) => c.query('DELETE FROM audit_log WHERE id = $1', [all[mid]]));
      const r = await verifyAuditChain(s.dbUrl);
      expect(r).toMatchObject({ ok: false, brokenId: all[mid + 1], checked: mid });
      await restore();
    });

    it('a tampered uuid field', async () => {
      const target = (
        await s.owner.query(
          `SELECT id::text AS id FROM audit_log WHERE action = 'test.load' AND subject_ids IS NOT NULL LIMIT 1`,
        )
      ).rows[0].id;
      await asDba((c) =>
        c.query(
          'UPDATE audit_log SET subject_ids = array_append(subject_ids, gen_random_uuid()) WHERE id = $1',
          [target],
        ),
      );
      expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: false, brokenId: target });
      const cli = await verifyCli();
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain(`запись ${target}`);
      await restore();
    });

    it('a row added after the head, outside the chain', async () => {
      const last = (await ids()).at(-1)!;
      const stray = String(BigInt(last) + 1000n);
      await asDba((c) =>
        c.query(
          `INSERT INTO audit_log SELECT $1::bigint, at, actor_user_id, actor_role, scope_node_id, action,
                  object_type, object_id, outcome, request_id, ip, subject_ids, details, prev_hash, hash,
                  hash_format
             FROM audit_log WHERE id = $2`,
          [stray, last],
        ),
      );
      expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: false, brokenId: stray });
      await restore();
      expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: true });
    });
  });
});
