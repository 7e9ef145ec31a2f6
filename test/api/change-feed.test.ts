import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiTokenHeaders,
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { signedOrder } from '../support/order-factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Item = {
  position: string;
  entityType: string;
  id: string;
  op: 'upsert' | 'delete';
  reason?: string;
  person?: Record<string, unknown>;
  enrollment?: Record<string, unknown>;
  order?: Record<string, unknown>;
};
type Page = { items: Item[]; nextCursor: string; hasMore: boolean };
type Reader = Record<string, string>;

let s: TestServer;
let regional: TestUser;
let tokenA: Reader;
let tokenB: Reader;
let orgA: string;
let orgA2: string;
let orgB: string;
let destroyedId: string;
let deletedDraftId: string;
const personsB: string[] = [];

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;
const feed = (reader: Reader, query: string) =>
  s.app.inject({ method: 'GET', url: `/api/v1/changes?${query}`, headers: reader });

async function page(reader: Reader, since: string, limit: number): Promise<Page> {
  const res = await feed(reader, `since=${encodeURIComponent(since)}&limit=${limit}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Reads the feed from `since` until it says nothing more is final; every item, in order. */
async function drain(reader: Reader, since: string, limit = 7) {
  const items: Item[] = [];
  let cursor = since;
  for (;;) {
    const p = await page(reader, cursor, limit);
    items.push(...p.items);
    cursor = p.nextCursor;
    if (!p.hasMore) return { items, cursor };
  }
}

/** What a consumer holds after applying the items in order: the last item per record. */
function fold(items: Item[]) {
  const state = new Map<string, Item>();
  for (const i of items) state.set(`${i.entityType}:${i.id}`, i);
  return state;
}

const positionKey = (p: string) => p.split('.').map((x) => BigInt(x)) as [bigint, bigint];
const before = (a: string, b: string) => {
  const [ax, ai] = positionKey(a);
  const [bx, bi] = positionKey(b);
  return ax < bx || (ax === bx && ai < bi);
};

const token = (municipal: TestUser, organizationIds: string[]) =>
  apiTokenHeaders(s, municipal, organizationIds, 'Федеральный сегмент');

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const munA = await buildMunicipality(s);
  const munB = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: munA })).id;
  orgA2 = (await buildOrganization(s, { territoryId: munA })).id;
  orgB = (await buildOrganization(s, { territoryId: munB })).id;
  regional = await buildUser(s, 'regional_operator', region);
  tokenA = await token(await buildUser(s, 'municipal_specialist', munA), [orgA]);
  tokenB = await token(await buildUser(s, 'municipal_specialist', munB), [orgB]);

  // orgA: learners with parents, a learner edited, one who leaves and is destroyed, a draft deleted.
  const a1 = await createLearnerWithParent(s, regional, orgA);
  await createLearnerWithParent(s, regional, orgA);
  const a3 = await createLearner(s, regional, orgA);
  const patch = await s.app.inject({
    method: 'PATCH',
    url: `/api/v1/persons/${a3.id}`,
    headers: regional.headers,
    payload: { version: a3.version, birthPlace: 'г. Иркутск' },
  });
  expect(patch.statusCode, patch.body).toBe(200);
  await createLearner(s, regional, orgA2);

  const victim = await createLearner(s, regional, orgA);
  const [enr] = await q('SELECT id FROM enrollments WHERE person_id = $1', [victim.id]);
  await signedOrder(s, await buildUser(s, 'org_admin', orgA), {
    organizationId: orgA,
    kind: 'exit',
    orderDate: '2025-05-30',
    movements: [
      {
        kind: 'exit',
        personId: victim.id,
        enrollmentId: enr.id,
        effectiveOn: '2025-05-31',
        exitReason: 'PARENTS_WISH',
      },
    ],
  });
  const destroyed = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${victim.id}/destroy`,
    headers: regional.headers,
    payload: { basis: 'purpose_achieved', confirm: true },
  });
  expect(destroyed.statusCode, destroyed.body).toBe(201);
  destroyedId = victim.id;

  const draft = await s.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: tokenA,
    payload: {
      organizationId: orgA,
      kind: 'exit',
      number: '77-в',
      orderDate: '2026-01-12',
      movements: [
        {
          kind: 'exit',
          personId: a1.learner.id,
          enrollmentId: (await q('SELECT id FROM enrollments WHERE person_id = $1', [a1.learner.id]))[0].id,
          effectiveOn: '2026-01-12',
          exitReason: 'PARENTS_WISH',
        },
      ],
    },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  deletedDraftId = draft.json().id;
  const del = await s.app.inject({
    method: 'DELETE',
    url: `/api/v1/orders/${deletedDraftId}?version=${draft.json().version}`,
    headers: tokenA,
  });
  expect(del.statusCode, del.body).toBeLessThan(300);

  // orgB, another municipality: never in tokenA's feed.
  const b = await createLearnerWithParent(s, regional, orgB);
  personsB.push(b.learner.id, b.parentId);
}, 180_000);
afterAll(() => s?.stop());

/** The state the read APIs give the reader now, for the scope of the organizations. */
async function expectedState(reader: Reader, orgIds: string[] | null) {
  const scopeOrgs = orgIds ?? (await q('SELECT id FROM organizations')).map((r) => r.id);
  const persons = (
    await q(
      `SELECT DISTINCT a.person_id FROM person_access a JOIN persons p ON p.id = a.person_id
        WHERE a.node_id = ANY($1) AND (a.last_day IS NULL OR a.last_day >= current_date - 30)
          AND p.status = 'active'`,
      [scopeOrgs],
    )
  ).map((r) => r.person_id as string);
  const cards = new Map<string, unknown>();
  for (const id of persons) {
    const res = await s.app.inject({ method: 'GET', url: `/api/v1/persons/${id}`, headers: reader });
    expect(res.statusCode, res.body).toBe(200);
    const { allowedActions, ...card } = res.json();
    cards.set(id, card);
  }
  const orders = new Map<string, unknown>();
  for (const { id } of await q('SELECT id FROM orders WHERE organization_id = ANY($1)', [scopeOrgs])) {
    const res = await s.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: reader });
    expect(res.statusCode, res.body).toBe(200);
    orders.set(id, res.json());
  }
  const enrollments = new Map(
    (
      await q(
        `SELECT e.id, e.person_id AS "personId", e.organization_id AS "organizationId", e.ended_on AS "endedOn",
                (SELECT json_agg(json_build_object('status', p.status, 'from', p.valid_from, 'to', p.valid_to)
                                 ORDER BY p.valid_from, p.id)
                   FROM enrollment_status_periods p WHERE p.enrollment_id = e.id) AS periods
           FROM enrollments e WHERE e.organization_id = ANY($1)`,
        [scopeOrgs],
      )
    ).map((e) => [e.id as string, e]),
  );
  return { cards, orders, enrollments };
}

function compare(state: Map<string, Item>, expected: Awaited<ReturnType<typeof expectedState>>) {
  const upserts = (type: string) =>
    [...state.values()].filter((i) => i.entityType === type && i.op === 'upsert');
  // Every record the read APIs give, with the same content; no record beyond them.
  expect(new Set(upserts('person').map((i) => i.id))).toEqual(new Set(expected.cards.keys()));
  for (const i of upserts('person')) expect(i.person).toEqual(expected.cards.get(i.id));
  expect(new Set(upserts('order').map((i) => i.id))).toEqual(new Set(expected.orders.keys()));
  for (const i of upserts('order')) expect(i.order).toEqual(expected.orders.get(i.id));
  expect(new Set(upserts('enrollment').map((i) => i.id))).toEqual(new Set(expected.enrollments.keys()));
  for (const i of upserts('enrollment')) {
    const e = expected.enrollments.get(i.id) as Record<string, unknown>;
    const periods = (i.enrollment!.periods as { status: string; from: string; to: string | null }[]).map(
      ({ status, from, to }) => ({ status, from, to }),
    );
    expect({ ...i.enrollment, periods }).toMatchObject({ ...e, periods: e.periods ?? [] });
  }
}

describe('change feed', () => {
  it('replayed from 0, an integration client’s feed is its scope’s current state, tombstones included', async () => {
    const { items } = await drain(tokenA, '0');
    // Positions only grow: commit-safe order, nothing repeated.
    for (let k = 1; k < items.length; k++)
      expect(before(items[k - 1]!.position, items[k]!.position)).toBe(true);
    const state = fold(items);
    compare(state, await expectedState(tokenA, [orgA]));
    expect(state.get(`person:${destroyedId}`)).toEqual(
      expect.objectContaining({ op: 'delete', reason: 'destroyed' }),
    );
    expect(state.get(`order:${deletedDraftId}`)).toEqual(
      expect.objectContaining({ op: 'delete', reason: 'deleted' }),
    );
    // A tombstone carries the key only: no names, no СНИЛС.
    for (const t of items.filter((i) => i.op === 'delete')) {
      expect(Object.keys(t).sort()).toEqual(
        ['entityType', 'id', 'op', 'position', 'reason', ...('mergedInto' in t ? ['mergedInto'] : [])].sort(),
      );
    }
    // Another municipality's records never appear, not even as tombstones.
    const foreign = new Set([
      ...personsB,
      orgB,
      orgA2,
      ...(await q('SELECT id FROM enrollments WHERE organization_id <> $1', [orgA])).map((r) => r.id),
    ]);
    expect(items.filter((i) => foreign.has(i.id))).toEqual([]);
    for (const i of items) {
      if (i.enrollment) expect(i.enrollment.organizationId).toBe(orgA);
      if (i.order) expect((i.order.organization as { id: string }).id).toBe(orgA);
    }
    const audit = await auditRows(s, `action = 'changes.read'`);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.flatMap((r) => r.subject_ids ?? [])).toEqual(
      expect.arrayContaining([...(await expectedState(tokenA, [orgA])).cards.keys()]),
    );
  });

  it('the other municipality’s client sees only its own records', async () => {
    const { items } = await drain(tokenB, '0', 50);
    const state = fold(items);
    compare(state, await expectedState(tokenB, [orgB]));
    expect(new Set([...state.values()].filter((i) => i.entityType === 'person').map((i) => i.id))).toEqual(
      new Set(personsB),
    );
  });

  it('the regional operator’s feed is the whole region', async () => {
    const { items } = await drain(regional.headers, '0', 1000);
    const state = fold(items);
    compare(state, await expectedState(regional.headers, null));
    expect(state.get(`person:${destroyedId}`)?.reason).toBe('destroyed');
  });

  it('a bad cursor or limit is a 400 problem with its field, never a 500', async () => {
    for (const since of [
      'abc',
      '-1',
      '1',
      '1.2.3',
      '0.5',
      '01.2',
      '18446744073709551616.1',
      '1.9223372036854775808',
    ]) {
      const res = await feed(tokenA, `since=${encodeURIComponent(since)}`);
      expect(res.statusCode, since).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('query.since');
    }
    for (const limit of ['1001', '0', 'x']) {
      const res = await feed(tokenA, `since=0&limit=${limit}`);
      expect(res.statusCode, limit).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('query.limit');
    }
    expect((await feed(tokenA, 'since=0&limit=1000')).statusCode).toBe(200);
  });

  it('refuses roles without the action, and anonymous callers', async () => {
    const admin = await buildUser(s, 'org_admin', orgA);
    expect((await feed(admin.headers, 'since=0')).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/changes?since=0' })).statusCode).toBe(401);
  });

  it('a transaction that wrote first but commits last is neither skipped nor served early', async () => {
    const [x, y] = (
      await q(
        `INSERT INTO orders (organization_id, number, order_date, kind)
         SELECT $1, 'п-' || g, '2026-02-03', 'exit' FROM generate_series(1, 2) g RETURNING id`,
        [orgA],
      )
    ).map((r) => r.id as string);
    const start = (await drain(regional.headers, '0', 1000)).cursor;
    const long = await s.owner.connect();
    const short = await s.owner.connect();
    try {
      await long.query('BEGIN');
      await long.query(`UPDATE orders SET basis = 'long-1' WHERE id = $1`, [x]);
      await short.query('BEGIN');
      await short.query(`UPDATE orders SET basis = 'short' WHERE id = $1`, [y]);
      await short.query('COMMIT');
      // The short transaction's row is committed, but an older transaction is still open: not final yet.
      const early = await drain(regional.headers, start);
      expect(early.items).toEqual([]);
      expect(early.cursor).toBe(start);
      await long.query(`UPDATE orders SET basis = 'long-2' WHERE id = $1`, [y]);
      await long.query('COMMIT');
    } finally {
      long.release();
      short.release();
    }
    const late = await drain(regional.headers, start);
    // Both transactions' rows: the long one's (its id first) before the short one's.
    expect(late.items.map((i) => [i.id, i.order?.basis])).toEqual([
      [x, 'long-1'],
      [y, 'long-2'],
      [y, 'long-2'],
    ]);
    // In the order of row ids the short transaction's row came before the long one's second row.
    const ids = late.items.map((i) => BigInt(i.position.split('.')[1]!));
    expect(ids[2]! < ids[1]!).toBe(true);
  });

  it('concurrent writers with long and short transactions: the polling consumer gets the final log exactly', async () => {
    const start = (await drain(regional.headers, '0', 1000)).cursor;
    const drafts = (
      await q(
        `INSERT INTO orders (organization_id, number, order_date, kind)
         SELECT $1, 'к-' || g, '2026-02-02', 'exit' FROM generate_series(1, 24) g RETURNING id`,
        [orgA],
      )
    ).map((r) => r.id as string);
    const received: Item[] = [];
    let cursor = start;
    let writing = true;
    const poll = async () => {
      const p = await page(regional.headers, cursor, 5);
      received.push(...p.items);
      cursor = p.nextCursor;
      return p;
    };
    const writer = async (w: number) => {
      for (let round = 0; round < 6; round++) {
        const c = await s.owner.connect();
        try {
          await c.query('BEGIN');
          const long = (w + round) % 3 === 0;
          // The first write takes the transaction's id early; a long transaction commits after
          // later, shorter ones have committed.
          await c.query('UPDATE orders SET basis = $2 WHERE id = $1', [
            drafts[(w * 7 + round) % 24],
            `w${w}r${round}a`,
          ]);
          await c.query('SELECT pg_sleep($1)', [long ? 0.15 : 0.005]);
          await c.query('UPDATE orders SET basis = $2 WHERE id = $1', [
            drafts[(w * 5 + round + 3) % 24],
            `w${w}r${round}b`,
          ]);
          await c.query(round === 4 && w % 2 === 0 ? 'ROLLBACK' : 'COMMIT');
        } finally {
          c.release();
        }
      }
    };
    const consumer = (async () => {
      while (writing) await poll();
    })();
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    writing = false;
    await consumer;
    const log = (
      await q(
        `SELECT xid::text || '.' || id AS position FROM change_log
          WHERE (xid, id) > ($1::xid8, $2::bigint) ORDER BY xid, id`,
        start === '0' ? ['0', '0'] : start.split('.'),
      )
    ).map((r) => r.position as string);
    // Catch up: a transaction elsewhere in the cluster may still hold the horizon for a moment.
    for (let n = 0; n < 5000 && cursor !== log.at(-1); n++) await poll();
    const positions = received.map((i) => i.position);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions).toEqual(log);
    expect(log.length).toBeGreaterThan(24);
    expect(cursor).toBe(log.at(-1));
  });
});
