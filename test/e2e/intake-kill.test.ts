import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '../../src/common/dates/working-days.ts';
import { freePort } from '../support/browser.ts';
import { type ChildServer, startChildServer } from '../support/child-server.ts';
import { buildMunicipality, buildOrganization, buildRegion, buildUser } from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer } from '../support/server.ts';

// The acceptance test of the intake's atomicity: an e-journal streams attendance batches, the server
// is killed (SIGKILL, no shutdown hook) while batches are in flight, started again on the same
// database, and the client resends every batch it has no answer for, as a real client does. The
// stored attendance must then be the source exactly: every day once, none lost, no batch half in.

const SOURCE = 'kill9';
const LEARNERS = 20;
const DAYS = 150;
const BATCH = 200;
/** Batches sent side by side, so that when one is answered the others are still being written. */
const STREAMS = 4;
/** Answers received before the kill: the stream is well under way, most of it still to come. */
const KILL_AFTER = 6;

type Item = {
  sourceSystem: string;
  sourceId: string;
  personId: string;
  date: string;
  status: 'present' | 'absent';
  reason?: 'illness' | 'valid' | 'unexcused';
};
type Batch = { n: number; items: Item[] };

let dbUrl: string;
let owner: pg.Pool;
let bearer: string;
const learners: string[] = [];
const children: ChildServer[] = [];

const day = (n: number) => {
  const t = new Date(`${dateInZone(new Date(), 'Asia/Irkutsk')}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - n);
  return t.toISOString().slice(0, 10);
};

/** The source: every learner's last DAYS days, in batches whose items name their batch. */
function source(): Batch[] {
  const items: Omit<Item, 'sourceId'>[] = [];
  for (let d = 1; d <= DAYS; d++)
    learners.forEach((personId, i) => {
      const k = (d * 7 + i) % 10;
      const absent = k < 3;
      items.push({
        sourceSystem: SOURCE,
        personId,
        date: day(d),
        status: absent ? 'absent' : 'present',
        ...(absent ? { reason: (['illness', 'valid', 'unexcused'] as const)[k] } : {}),
      });
    });
  const batches: Batch[] = [];
  for (let n = 0; n * BATCH < items.length; n++)
    batches.push({
      n,
      items: items.slice(n * BATCH, (n + 1) * BATCH).map((it, j) => ({
        ...it,
        sourceId: `b${String(n).padStart(3, '0')}-${String(j).padStart(3, '0')}`,
      })),
    });
  return batches;
}

beforeAll(async () => {
  const seeded = await startTestServer();
  dbUrl = seeded.dbUrl;
  const region = await buildRegion(seeded);
  const mun = await buildMunicipality(seeded);
  const org = (await buildOrganization(seeded, { territoryId: mun })).id;
  const regional = await buildUser(seeded, 'regional_operator', region);
  const municipal = await buildUser(seeded, 'municipal_specialist', mun);
  for (let i = 0; i < LEARNERS; i++) learners.push((await createLearner(seeded, regional, org)).id);
  const token = await seeded.app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: municipal.headers,
    payload: { name: 'Электронный журнал', organizationIds: [org] },
  });
  expect(token.statusCode, token.body).toBe(201);
  bearer = `Bearer ${token.json().token}`;
  await seeded.stop();
  owner = new pg.Pool({ connectionString: dbUrl, max: 2 });
});

afterAll(async () => {
  for (const c of children) await c.kill();
  await owner?.end();
});

/** One POST; null when no answer came (the connection died), as a client sees a killed server. */
async function send(base: string, b: Batch) {
  try {
    const r = await fetch(`${base}/api/v1/intake/attendance`, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ items: b.items }),
    });
    const body = (await r.json()) as { counts?: Record<string, number> };
    return { status: r.status, body };
  } catch {
    return null;
  }
}

describe('intake through a killed server', () => {
  it('SIGKILL mid-stream, restart, resend of the unanswered: the stored days are the source exactly', async () => {
    const batches = source();
    const total = batches.reduce((x, b) => x + b.items.length, 0);
    const port = await freePort();
    let server = await startChildServer(dbUrl, port);
    children.push(server);

    // The first batch's answer is lost: the client gives up waiting once the server has committed it
    // (as a timeout would), so it must count it unanswered and send it again.
    const [lost, ...rest] = batches as [Batch, ...Batch[]];
    const abort = new AbortController();
    const lostCall = fetch(`${server.base}/api/v1/intake/attendance`, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ items: lost.items }),
      signal: abort.signal,
    }).catch(() => null);
    for (let i = 0; i < 6000; i++) {
      const r = await owner.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM attendance_days WHERE source_system = $1 AND source_id LIKE 'b000-%'`,
        [SOURCE],
      );
      if (r.rows[0]!.n === BATCH) break;
      await new Promise((ok) => setTimeout(ok, 10));
    }
    abort.abort();
    await lostCall;

    // The stream: STREAMS clients take the next batch in turn; the kill comes with the KILL_AFTER-th answer.
    const queue = [...rest];
    const answered = new Set<number>();
    const inFlight = new Set<number>();
    let inFlightAtKill: number[] = [];
    let killed: Promise<void> | null = null;
    const worker = async () => {
      for (let b = queue.shift(); b; b = queue.shift()) {
        if (killed) return;
        inFlight.add(b.n);
        const res = await send(server.base, b);
        inFlight.delete(b.n);
        if (res?.status !== 200) return;
        expect(res.body.counts).toMatchObject({ accepted: BATCH, rejected: 0 });
        answered.add(b.n);
        if (answered.size === KILL_AFTER && !killed) {
          inFlightAtKill = [...inFlight];
          killed = server.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: STREAMS }, worker));
    await killed;
    expect(killed, 'the server was killed during the stream').not.toBeNull();
    // Batches were on the wire when the server died: the client has no answer for them.
    expect(inFlightAtKill.length).toBeGreaterThan(0);
    const unanswered = batches.filter((b) => !answered.has(b.n));
    expect(unanswered.length).toBeGreaterThan(inFlightAtKill.length);

    // What the dead server left: whole batches only, each in or out with every one of its items.
    const left = await owner.query<{ inserted: number; rows: number }>(
      `SELECT b.inserted, (SELECT count(*)::int FROM attendance_days a WHERE a.batch_id = b.id) AS rows
         FROM intake_batches b WHERE b.kind = 'attendance'`,
    );
    expect(left.rows.every((r) => r.inserted === BATCH && r.rows === BATCH)).toBe(true);
    const committedAtKill = left.rows.length;
    expect(committedAtKill).toBeGreaterThanOrEqual(answered.size + 1);
    const stored = await owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attendance_days WHERE source_system = $1`,
      [SOURCE],
    );
    expect(stored.rows[0]!.n).toBe(committedAtKill * BATCH);

    // Started again on the same database; the client resends what it had no answer for.
    server = await startChildServer(dbUrl, port);
    children.push(server);
    const outcomes = { inserted: 0, unchanged: 0, updated: 0 };
    let lostResent: Record<string, number> | null = null;
    for (const b of unanswered) {
      // A connection kept alive to the dead server may fail once: no answer, so the batch goes again.
      let res = await send(server.base, b);
      for (let i = 0; i < 5 && !res; i++) res = await send(server.base, b);
      expect(res?.status, JSON.stringify(res?.body)).toBe(200);
      const c = res!.body.counts!;
      expect(c).toMatchObject({ accepted: BATCH, rejected: 0, updated: 0 });
      // A resent batch the dead server had committed changes nothing; one it had not goes in whole.
      expect([c.inserted, c.unchanged].sort()).toEqual([0, BATCH]);
      if (b.n === lost.n) lostResent = c;
      outcomes.inserted += c.inserted!;
      outcomes.unchanged += c.unchanged!;
      outcomes.updated += c.updated!;
    }
    expect(outcomes.inserted + answered.size * BATCH + outcomes.unchanged).toBe(total);
    // The batch whose answer was lost had gone in: its resend found every item already there.
    expect(lostResent).toMatchObject({ inserted: 0, unchanged: BATCH });

    // The stored attendance is the source, item for item.
    const rows = await owner.query<{
      source_id: string;
      person_id: string;
      date: string;
      status: string;
      reason: string | null;
      version: number;
    }>(
      `SELECT source_id, person_id, date::text AS date, status, reason, version
         FROM attendance_days WHERE source_system = $1 ORDER BY source_id`,
      [SOURCE],
    );
    const expected = batches
      .flatMap((b) => b.items)
      .map((i) => ({
        source_id: i.sourceId,
        person_id: i.personId,
        date: i.date,
        status: i.status,
        reason: i.reason ?? null,
        version: 1,
      }))
      .sort((a, b) => (a.source_id < b.source_id ? -1 : 1));
    expect(rows.rows).toHaveLength(total);
    expect(rows.rows).toEqual(expected);
    const days = await owner.query<{ n: number }>(
      `SELECT count(DISTINCT (person_id, date))::int AS n FROM attendance_days WHERE source_system = $1`,
      [SOURCE],
    );
    expect(days.rows[0]!.n).toBe(total);
    expect((await owner.query(`SELECT 1 FROM attendance_days_history`)).rows).toEqual([]);

    // No batch half in: each source batch lies in exactly one intake batch, which took all of it.
    const perBatch = await owner.query<{ b: string; rows: number; batches: number }>(
      `SELECT left(source_id, 4) AS b, count(*)::int AS rows, count(DISTINCT batch_id)::int AS batches
         FROM attendance_days WHERE source_system = $1 GROUP BY 1 ORDER BY 1`,
      [SOURCE],
    );
    expect(perBatch.rows).toHaveLength(batches.length);
    expect(perBatch.rows.every((r) => r.rows === BATCH && r.batches === 1)).toBe(true);
    const log = await owner.query<{ inserted: number; accepted: number; n: number }>(
      `SELECT inserted, accepted, count(*)::int AS n FROM intake_batches WHERE kind = 'attendance'
        GROUP BY 1, 2 ORDER BY 1`,
    );
    // Batches written: every source batch once with all its items; resends of committed ones wrote nothing.
    expect(log.rows.find((r) => r.inserted === BATCH)).toMatchObject({ accepted: BATCH, n: batches.length });
    expect(log.rows.every((r) => r.inserted === BATCH || r.inserted === 0)).toBe(true);

    // biome-ignore lint/suspicious/noConsole: a test's report line
    console.info(
      `intake kill -9: ${batches.length} batches of ${BATCH}; killed after ${answered.size} answers with ` +
        `${inFlightAtKill.length} in flight, ${committedAtKill - answered.size - 1} of them committed unanswered; ` +
        `resent ${unanswered.length}: ${outcomes.inserted / BATCH} went in, ${outcomes.unchanged / BATCH} were already in`,
    );
    await server.stop();
  });
});
