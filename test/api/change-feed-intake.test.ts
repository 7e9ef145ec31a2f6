import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '../../src/common/dates/working-days.ts';
import {
  apiTokenHeaders,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Item = {
  entityType: string;
  id: string;
  op: string;
  reason?: string;
  attendance?: Record<string, unknown>;
  result?: Record<string, unknown>;
};

let s: TestServer;
let writerA: Record<string, string>;
let readerA: Record<string, string>;
let readerB: Record<string, string>;
let regional: TestUser;
let learner: string;

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;
const day = (n: number) => {
  const t = new Date(`${dateInZone(new Date(), 'Asia/Irkutsk')}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
const post = (url: string, items: unknown[]) =>
  s.app.inject({ method: 'POST', url: `/api/v1/intake/${url}`, headers: writerA, payload: { items } });

const token = (municipal: TestUser, organizationIds: string[]) =>
  apiTokenHeaders(s, municipal, organizationIds, 'Журнал');

async function drain(reader: Record<string, string>, since: string) {
  const items: Item[] = [];
  let cursor = since;
  for (;;) {
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/changes?since=${cursor}&limit=50`,
      headers: reader,
    });
    expect(res.statusCode, res.body).toBe(200);
    items.push(...res.json().items);
    cursor = res.json().nextCursor;
    if (!res.json().hasMore) return { items, cursor };
  }
}

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const munA = await buildMunicipality(s);
  const munB = await buildMunicipality(s);
  const orgA = (await buildOrganization(s, { territoryId: munA })).id;
  const orgB = (await buildOrganization(s, { territoryId: munB })).id;
  regional = await buildUser(s, 'regional_operator', region);
  learner = (await createLearner(s, regional, orgA)).id;
  const specA = await buildUser(s, 'municipal_specialist', munA);
  writerA = await token(specA, [orgA]);
  readerA = await token(specA, [orgA]);
  readerB = await token(await buildUser(s, 'municipal_specialist', munB), [orgB]);
});
afterAll(() => s.stop());

describe('the change feed carries attendance and results', () => {
  it('an intake batch, a correction and a deletion reach the organization’s readers in order, and nobody else', async () => {
    const startA = (await drain(readerA, '0')).cursor;
    const startB = (await drain(readerB, '0')).cursor;
    const base = { sourceSystem: 'Сетевой Город', personId: learner };
    const sent = await post('attendance', [
      { ...base, sourceId: 'd-1', date: day(-2), status: 'present' },
      { ...base, sourceId: 'd-2', date: day(-1), status: 'absent', reason: 'illness' },
    ]);
    expect(sent.statusCode, sent.body).toBe(200);
    const marks = await post('results', [
      {
        ...base,
        sourceId: 'm-1',
        academicYear: '2025/2026',
        kind: 'annual',
        subject: 'Математика',
        scale: 'five_point',
        grade: '4',
        gradedOn: day(-1),
      },
    ]);
    expect(marks.statusCode, marks.body).toBe(200);

    const first = await drain(readerA, startA);
    // One batch is one transaction: its rows come in the feed's order within it, not the batch's.
    const days = first.items
      .filter((i) => i.entityType === 'attendance')
      .sort((a, b) => String(a.attendance?.sourceId).localeCompare(String(b.attendance?.sourceId)));
    expect(days.map((i) => [i.op, i.attendance?.sourceId, i.attendance?.status])).toEqual([
      ['upsert', 'd-1', 'present'],
      ['upsert', 'd-2', 'absent'],
    ]);
    // An e-journal's token holds no health permission: the illness reads as a valid reason.
    expect(days[1]!.attendance?.reason).toBe('valid');
    const results = first.items.filter((i) => i.entityType === 'result');
    expect(results.map((i) => [i.op, i.result?.subject, i.result?.grade])).toEqual([
      ['upsert', 'Математика', '4'],
    ]);

    // A resend with the same values is no change; a correction is one.
    await post('attendance', [{ ...base, sourceId: 'd-1', date: day(-2), status: 'present' }]);
    await post('attendance', [
      { ...base, sourceId: 'd-1', date: day(-2), status: 'absent', reason: 'unexcused' },
    ]);
    const second = await drain(readerA, first.cursor);
    expect(second.items.map((i) => [i.entityType, i.attendance?.sourceId, i.attendance?.version])).toEqual([
      ['attendance', 'd-1', 2],
    ]);

    // A row deleted (as destruction deletes a learner's days) is a tombstone with its key only.
    const [gone] = await q(`DELETE FROM attendance_days WHERE source_id = 'd-2' RETURNING id`);
    const third = await drain(readerA, second.cursor);
    expect(third.items).toEqual([
      expect.objectContaining({ entityType: 'attendance', id: gone.id, op: 'delete', reason: 'deleted' }),
    ]);
    expect(third.items[0]!.attendance).toBeUndefined();

    // Another municipality's reader sees none of it, not even the tombstone.
    const other = await drain(readerB, startB);
    expect(other.items.filter((i) => i.entityType === 'attendance' || i.entityType === 'result')).toEqual([]);

    // Replayed from the beginning, the region's feed holds every stored day at its current version.
    const regionFeed = await s.app.inject({
      method: 'GET',
      url: '/api/v1/changes?since=0&limit=1000',
      headers: regional.headers,
    });
    expect(regionFeed.statusCode).toBe(200);
    const state = new Map<string, Item>();
    for (const i of regionFeed.json().items as Item[]) state.set(`${i.entityType}:${i.id}`, i);
    const stored = await q(`SELECT id, version FROM attendance_days WHERE person_id = $1 ORDER BY date`, [
      learner,
    ]);
    const replayed = [...state.values()].filter((i) => i.entityType === 'attendance' && i.op === 'upsert');
    expect(replayed.map((i) => [i.id, i.attendance?.version])).toEqual(stored.map((r) => [r.id, r.version]));
  });
});
