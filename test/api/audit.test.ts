import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/server/platform/audit/chain.ts';
import { verifyAuditChain } from '../../src/server/platform/audit/verify.ts';
import { appendAudit, appendAuditAlone } from '../../src/server/platform/audit/writer.ts';
import { auditInTx, type Ctx } from '../../src/server/platform/context.ts';
import { withTransaction } from '../../src/server/platform/db/tx.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let regional: TestUser;
let specialist: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  regional = await buildUser(s, 'regional_operator', await buildRegion(s));
  specialist = await buildUser(s, 'municipal_specialist', await buildMunicipality(s));
  // A few events of different kinds, so the chain has content.
  await s.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: regional.login, password: 'wrong-password' },
  });
  await s.app.inject({ method: 'GET', url: '/api/v1/users', headers: regional.headers });
});
afterAll(() => s.stop());

const verifyCli = () =>
  spawnSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/audit-verify.ts')], {
    env: { ...process.env, DATABASE_URL: s.dbUrl, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });

describe('audit log', () => {
  it('records who, role, scope, action, outcome, request id and IP', async () => {
    const rows = (
      await s.owner.query(`SELECT * FROM audit_log WHERE action = 'user.list' AND actor_user_id = $1`, [
        regional.id,
      ])
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_role: 'regional_operator', outcome: 'success' });
    expect(rows[0].scope_node_id).toBeTruthy();
    expect(rows[0].request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0].ip).toBeTruthy();
    const failed = (
      await s.owner.query(
        `SELECT * FROM audit_log WHERE action = 'auth.login_failed' AND actor_user_id = $1`,
        [regional.id],
      )
    ).rows;
    expect(failed).toHaveLength(1);
  });

  it('the application role appends only through audit_append, never directly', async () => {
    const app = s.database.pool;
    await expect(
      app.query(`INSERT INTO audit_log (id, at, action, outcome, prev_hash, hash)
        SELECT id + 1, at, action, outcome, hash, hash FROM audit_log ORDER BY id DESC LIMIT 1`),
    ).rejects.toThrow(/permission denied/);
    await expect(app.query(`UPDATE audit_chain_head SET last_hash = 'x'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.query(`UPDATE audit_log SET outcome = 'failure'`)).rejects.toThrow(/permission denied/);
    await expect(app.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
    await expect(app.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
    const who = await app.query('SELECT current_user AS u');
    expect(who.rows[0].u).toBe('kontingent_app');
  });

  it('even the owner is stopped by the append-only trigger', async () => {
    await expect(
      s.owner.query(`DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)`),
    ).rejects.toThrow(/append-only/);
  });

  it('the intact chain verifies, and npm run audit:verify exits 0', async () => {
    const r = await verifyAuditChain(s.dbUrl);
    expect(r.ok).toBe(true);
    const cli = verifyCli();
    expect(cli.status, cli.stderr).toBe(0);
  });

  it('the regional operator reads the log in the UI API; a specialist sees only its scope; reading is audited', async () => {
    const all = await s.app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=200',
      headers: regional.headers,
    });
    expect(all.statusCode).toBe(200);
    expect(all.json().items.some((i: { action: string }) => i.action === 'auth.login_failed')).toBe(true);
    const mine = await s.app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=200',
      headers: specialist.headers,
    });
    expect(mine.statusCode).toBe(200);
    const actors = new Set(mine.json().items.map((i: { actor: { id: string } | null }) => i.actor?.id));
    expect(actors.has(regional.id)).toBe(false);
    const filtered = await s.app.inject({
      method: 'GET',
      url: '/api/v1/audit?outcome=failure',
      headers: regional.headers,
    });
    expect(filtered.json().items.every((i: { outcome: string }) => i.outcome === 'failure')).toBe(true);
    const reads = (
      await s.owner.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'audit.read'`)
    ).rows[0].n;
    expect(reads).toBeGreaterThanOrEqual(3);
  });

  it('entries with awkward text keep every field and verify, whether appended alone or in a transaction', async () => {
    const entry = (n: number): AuditEntry => ({
      at: new Date(Date.UTC(2026, 10, 22, 12, 0, 0, 7 + n)),
      actorUserId: regional.id,
      actorRole: 'regional_operator',
      scopeNodeId: null,
      action: 'test.awkward',
      objectType: 'person',
      objectId: `obj-${n}`,
      outcome: n % 2 ? 'denied' : 'success',
      requestId: `"req"\\${n}`,
      ip: null,
      subjectIds: n === 0 ? null : [regional.id, specialist.id],
      details: {
        z: 'Ёлка «в» \u0001\n"кавычки"\\ 🎒',
        a: [1, 2.5, 1e21, null, true],
        nested: { b: 1, a: { c: [] } },
      },
    });
    await appendAuditAlone(s.database.pool, [entry(0), entry(1), entry(2)]);
    await s.app.services.db.transaction().execute((tx) => appendAudit(tx, [entry(3)]));
    const rows = (await s.owner.query(`SELECT * FROM audit_log WHERE action = 'test.awkward' ORDER BY id`))
      .rows;
    expect(rows.map((r) => r.object_id)).toEqual(['obj-0', 'obj-1', 'obj-2', 'obj-3']);
    expect(rows[1].at.toISOString()).toBe('2026-11-22T12:00:00.008Z');
    expect(rows[1]).toMatchObject({ outcome: 'denied', request_id: '"req"\\1', scope_node_id: null });
    expect(rows[0].subject_ids).toBeNull();
    expect(rows[2].subject_ids).toEqual([regional.id, specialist.id]);
    expect(rows[2].details).toEqual(entry(2).details);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const head = (await s.owner.query('SELECT last_id::text AS id, last_hash FROM audit_chain_head')).rows[0];
    expect(head.last_hash).toBe(rows[3].hash);
    expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: true });
  });

  it('an upper-case uuid in a request is hashed as stored, so audit:verify passes', async () => {
    const org = await buildOrganization(s);
    const operator = await buildUser(s, 'org_admin', org.id);
    const learner = await createLearner(s, operator, org.id);
    const other = await createLearner(s, operator, org.id);
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${learner.id}/representatives`,
      headers: operator.headers,
      payload: { relation: 'father', representativeId: other.id.toUpperCase() },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await s.owner.query(
      `SELECT subject_ids FROM audit_log WHERE action = 'person.link_representative' AND object_id = $1`,
      [learner.id],
    );
    // Everyone the answer shows is a subject; the order is the card's, not the request's.
    expect([...rows.rows[0].subject_ids].sort()).toEqual([learner.id, other.id].sort());
    expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: true });
  });

  it('upper-case uuids in every uuid field verify, appended alone, in a transaction or buffered by auditInTx', async () => {
    const up = (id: string) => id.toUpperCase();
    const entry: AuditEntry = {
      at: new Date(),
      actorUserId: up(regional.id),
      actorRole: 'regional_operator',
      scopeNodeId: up(specialist.id),
      action: 'test.upper',
      objectType: 'person',
      objectId: up(regional.id),
      outcome: 'success',
      requestId: null,
      ip: null,
      subjectIds: [up(regional.id), up(specialist.id)],
      details: { when: new Date(Date.UTC(2026, 0, 2)), n: 1.5 } as unknown as Record<string, unknown>,
    };
    await appendAuditAlone(s.database.pool, [entry]);
    await s.app.services.db.transaction().execute((tx) => appendAudit(tx, [entry]));
    const ctx = { requestId: 'R-1', ip: null, actor: null } as unknown as Ctx;
    await withTransaction(s.app.services.db, (tx) =>
      auditInTx(tx, ctx, { action: 'test.upper', userId: up(regional.id), subjectIds: [up(specialist.id)] }),
    );
    const stored = await s.owner.query(`SELECT actor_user_id FROM audit_log WHERE action = 'test.upper'`);
    expect(stored.rows.map((r) => r.actor_user_id)).toEqual([regional.id, regional.id, regional.id]);
    expect(await verifyAuditChain(s.dbUrl)).toMatchObject({ ok: true });
  });

  it('tampering with one row by hand makes audit:verify fail and name that row', async () => {
    const target = (await s.owner.query(`SELECT id FROM audit_log WHERE action = 'user.list' LIMIT 1`))
      .rows[0].id as string;
    const c = new pg.Client({ connectionString: s.dbUrl });
    await c.connect();
    // A DBA with full rights bypasses the trigger; the chain still catches the edit.
    await c.query(`SET session_replication_role = replica`);
    await c.query(`UPDATE audit_log SET outcome = 'denied' WHERE id = $1`, [target]);
    await c.end();
    const r = await verifyAuditChain(s.dbUrl);
    expect(r).toMatchObject({ ok: false, brokenId: target });
    const cli = verifyCli();
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`запись ${target}`);
  });
});
