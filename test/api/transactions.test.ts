import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/server/platform/audit/chain.ts';
import { verifyAuditChain } from '../../src/server/platform/audit/verify.ts';
import { afterCommit, auditAtCommit, requestDb, withTransaction } from '../../src/server/platform/db/tx.ts';
import { buildOrganization, buildRegion, buildUser } from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;

const marker = (objectId: string): AuditEntry => ({
  at: new Date(),
  actorUserId: null,
  actorRole: null,
  scopeNodeId: null,
  action: 'test.attempt',
  objectType: 'test',
  objectId,
  outcome: 'success',
  requestId: null,
  ip: null,
  subjectIds: null,
  details: null,
});

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

describe('transactions', () => {
  it('a deadlock victim is rolled back and run again; its hook runs once and only its final audit entry is written', async () => {
    const org = await buildOrganization(s);
    const operator = await buildUser(s, 'org_admin', org.id);
    const a = await createLearner(s, operator, org.id);
    const b = await createLearner(s, operator, org.id);
    const db = s.app.services.db;
    let attempts = 0;
    const hookRuns: Record<string, number> = {};
    const attemptsOf: Record<string, number> = {};
    let release: () => void = () => {};
    const bothLocked = new Promise<void>((r) => {
      let n = 0;
      release = () => {
        if (++n === 2) r();
      };
    });
    // Each transaction locks one person, waits until the other has locked the other one, then
    // reaches for it: a textbook deadlock that PostgreSQL breaks by aborting one of them.
    const cross = (first: string, second: string, place: string) =>
      withTransaction(db, async (tx) => {
        attempts++;
        const attempt = (attemptsOf[place] ?? 0) + 1;
        attemptsOf[place] = attempt;
        await auditAtCommit(tx, [marker(`${place}#${attempt}`)]);
        afterCommit(tx, () => {
          hookRuns[place] = (hookRuns[place] ?? 0) + 1;
        });
        await sql`UPDATE persons SET birth_place = ${place} WHERE id = ${first}`.execute(tx);
        release();
        await bothLocked;
        await sql`UPDATE persons SET birth_place = ${place} WHERE id = ${second}`.execute(tx);
      });
    await Promise.all([cross(a.id, b.id, 'с. Первое'), cross(b.id, a.id, 'с. Второе')]);
    expect(attempts).toBe(3);
    const places = await s.owner.query('SELECT birth_place FROM persons WHERE id = ANY($1)', [[a.id, b.id]]);
    const values = places.rows.map((r) => r.birth_place);
    expect(values[0]).toBe(values[1]);
    expect(hookRuns).toEqual({ 'с. Первое': 1, 'с. Второе': 1 });
    const retried = Object.keys(attemptsOf).find((k) => attemptsOf[k] === 2)!;
    const written = await s.owner.query(`SELECT object_id FROM audit_log WHERE action = 'test.attempt'`);
    expect(written.rows.map((r) => r.object_id).sort()).toEqual(
      Object.keys(attemptsOf)
        .map((k) => `${k}#${attemptsOf[k]}`)
        .sort(),
    );
    expect(written.rows.map((r) => r.object_id)).not.toContain(`${retried}#1`);
    expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: true });
  });

  it('other errors are not retried', async () => {
    let attempts = 0;
    await expect(
      withTransaction(s.app.services.db, async () => {
        attempts++;
        throw Object.assign(new Error('unique'), { code: '23505' });
      }),
    ).rejects.toThrow('unique');
    expect(attempts).toBe(1);
  });

  it('after a rollback no hook runs and no audit entry is written', async () => {
    let ran = 0;
    await expect(
      withTransaction(s.app.services.db, async (tx) => {
        await auditAtCommit(tx, [marker('rolled-back')]);
        afterCommit(tx, () => {
          ran++;
        });
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(ran).toBe(0);
    const rows = await s.owner.query(`SELECT 1 FROM audit_log WHERE object_id = 'rolled-back'`);
    expect(rows.rowCount).toBe(0);
  });

  it('audit entries are appended at the end: the chain head is not locked while the callback works', async () => {
    const probe = await s.owner.connect();
    try {
      await withTransaction(s.app.services.db, async (tx) => {
        await auditAtCommit(tx, [marker('buffered')]);
        // Anything slow here (a fuzzy duplicate search, say) must not hold up every other writer.
        await probe.query('BEGIN');
        await probe.query('SELECT 1 FROM audit_chain_head FOR UPDATE NOWAIT');
        await probe.query('ROLLBACK');
        expect((await s.owner.query(`SELECT 1 FROM audit_log WHERE object_id = 'buffered'`)).rowCount).toBe(
          0,
        );
      });
    } finally {
      probe.release();
    }
    expect((await s.owner.query(`SELECT 1 FROM audit_log WHERE object_id = 'buffered'`)).rowCount).toBe(1);
  });

  it("a query on the request's handle while its transaction is open fails; the tx and, afterwards, the handle work", async () => {
    const handle = requestDb(s.app.services.db);
    const outside = () => handle.selectFrom('users').select('id').limit(1).execute();
    let insideTx = 0;
    await expect(
      withTransaction(handle, async (tx) => {
        insideTx = (await sql<{ n: number }>`SELECT 1 AS n`.execute(tx)).rows[0]!.n;
        await outside();
      }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('внутри открытой транзакции'),
    });
    expect(insideTx).toBe(1);
    await expect(
      withTransaction(handle, async () => {
        await sql`SELECT 1`.execute(handle);
      }),
    ).rejects.toMatchObject({ code: 'internal' });
    await expect(withTransaction(handle, () => withTransaction(handle, async () => 1))).rejects.toMatchObject(
      { code: 'internal' },
    );
    // Another request's handle is not affected by this one's transaction.
    const other = requestDb(s.app.services.db);
    await withTransaction(handle, async () => {
      await other.selectFrom('users').select('id').limit(1).execute();
    });
    // afterCommit hooks run once the guard is lifted, so they may use the handle.
    let seen = -1;
    await withTransaction(handle, async (tx) => {
      afterCommit(tx, async () => {
        seen = (await outside()).length;
      });
    });
    expect(seen).toBe(1);
    expect(await outside()).toHaveLength(1);
  });

  it('blocking a user evicts the cached sessions only once the block has committed', async () => {
    const region = await buildRegion(s);
    const admin = await buildUser(s, 'regional_operator', region);
    const target = await buildUser(s, 'org_operator', (await buildOrganization(s)).id);
    const sessions = s.app.services.sessions;
    const forget = sessions.forgetUser.bind(sessions);
    const blockedWhenEvicted: string[] = [];
    // What any other session sees at the moment of eviction; spawnSync keeps this process (and the
    // transaction it drives) still until the answer is in.
    sessions.forgetUser = (userId: string) => {
      const r = spawnSync('psql', [s.dbUrl, '-Atc', `SELECT blocked FROM users WHERE id = '${userId}'`], {
        encoding: 'utf8',
      });
      blockedWhenEvicted.push(r.stdout.trim());
      forget(userId);
    };
    try {
      const res = await s.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${target.id}`,
        headers: admin.headers,
        payload: { version: 1, blocked: true },
      });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      sessions.forgetUser = forget;
    }
    expect(blockedWhenEvicted).toEqual(['t']);
    const after = await s.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: target.headers });
    expect(after.statusCode).toBe(401);
  });
});
