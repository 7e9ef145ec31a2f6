import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '../../src/common/dates/working-days.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const MAX_BATCH = 40;
let s: TestServer;
let regional: TestUser;
let adminA: TestUser;
let municipalOther: TestUser;
let analyst: TestUser;
let orgA: string;
let bearer: Record<string, string>;
const learners: { id: string; snils: string; birthDate: string }[] = [];
let learnerB: string;
let learnerOther: string;

/** A date n days from the region's today. */
const day = (n: number) => {
  const t = new Date(`${dateInZone(new Date(), 'Asia/Irkutsk')}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

const post = (items: unknown[], headers = bearer) =>
  s.app.inject({ method: 'POST', url: '/api/v1/intake/achievements', headers, payload: { items } });

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;

/** The stored achievements of a source, without the batch that last touched them. */
const stateOf = (source: string) =>
  q(
    `SELECT person_id, organization_id, title, level, kind, achieved_on::text AS date, result, place,
            score::text, subject, source_id, version
       FROM learner_achievements WHERE source_system = $1 ORDER BY source_id`,
    [source],
  );

const olympiad = (over: Record<string, unknown> = {}) => ({
  sourceSystem: 'portfolio',
  sourceId: `a-${randomUUID()}`,
  personId: learners[0]!.id,
  title: 'Всероссийская олимпиада школьников по физике, муниципальный этап',
  level: 'municipal',
  kind: 'olympiad',
  date: day(-10),
  result: 'prize_winner',
  place: 2,
  score: 87.5,
  subject: 'Физика',
  ...over,
});

beforeAll(async () => {
  s = await startTestServer({ INTAKE_MAX_BATCH: String(MAX_BATCH) });
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  const mun2 = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: mun })).id;
  const orgB = (await buildOrganization(s, { territoryId: mun })).id;
  const orgOther = (await buildOrganization(s, { territoryId: mun2 })).id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', orgA);
  municipalOther = await buildUser(s, 'municipal_specialist', mun2);
  analyst = await buildUser(s, 'analyst', region);
  const municipal = await buildUser(s, 'municipal_specialist', mun);
  for (let i = 0; i < 4; i++) {
    const l = await createLearner(s, regional, orgA);
    learners.push({ id: l.id, snils: l.snils as string, birthDate: l.birthDate as string });
  }
  learnerB = (await createLearner(s, regional, orgB)).id;
  learnerOther = (await createLearner(s, regional, orgOther)).id;
  const token = await s.app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: municipal.headers,
    payload: { name: 'Портфолио школы', organizationIds: [orgA] },
  });
  expect(token.statusCode, token.body).toBe(201);
  bearer = { authorization: `Bearer ${token.json().token}` };
}, 120_000);
afterAll(() => s.stop());

describe('achievements intake', () => {
  it('refuses an anonymous caller and a role that does not send intake', async () => {
    expect((await post([olympiad()], {})).statusCode).toBe(401);
    expect((await post([olympiad()], adminA.headers)).statusCode).toBe(403);
  });

  it('takes achievements, answers what it took, logs and audits the batch', async () => {
    const res = await post([
      olympiad({ sourceSystem: 'take', sourceId: 't-1' }),
      olympiad({
        sourceSystem: 'take',
        sourceId: 't-2',
        personId: undefined,
        snils: learners[1]!.snils,
        title: 'Первенство области по плаванию',
        level: 'regional',
        kind: 'sport',
        result: 'winner',
        place: 1,
        score: undefined,
        subject: undefined,
      }),
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.counts).toEqual({ accepted: 2, rejected: 0, inserted: 2, updated: 0, unchanged: 0 });
    expect(body.accepted).toEqual([
      { index: 0, sourceId: 't-1', outcome: 'inserted' },
      { index: 1, sourceId: 't-2', outcome: 'inserted' },
    ]);
    expect(await stateOf('take')).toEqual([
      {
        person_id: learners[0]!.id,
        organization_id: orgA,
        title: 'Всероссийская олимпиада школьников по физике, муниципальный этап',
        level: 'municipal',
        kind: 'olympiad',
        date: day(-10),
        result: 'prize_winner',
        place: 2,
        score: '87.50',
        subject: 'Физика',
        source_id: 't-1',
        version: 1,
      },
      {
        person_id: learners[1]!.id,
        organization_id: orgA,
        title: 'Первенство области по плаванию',
        level: 'regional',
        kind: 'sport',
        date: day(-10),
        result: 'winner',
        place: 1,
        score: null,
        subject: null,
        source_id: 't-2',
        version: 1,
      },
    ]);
    const [batch] = await q(
      `SELECT kind, items, accepted, rejected, inserted FROM intake_batches WHERE id = $1`,
      [body.batchId],
    );
    expect(batch).toEqual({ kind: 'achievements', items: 2, accepted: 2, rejected: 0, inserted: 2 });
    const audit = await auditRows(s, `action = 'intake.achievements' AND object_id = $1`, [body.batchId]);
    expect(audit).toHaveLength(1);
    expect([...audit[0].subject_ids].sort()).toEqual([learners[0]!.id, learners[1]!.id].sort());
    // The intake log shows the batch to the organization, under its own kind.
    const log = await s.app.inject({
      method: 'GET',
      url: '/api/v1/intake/log?kind=achievements&sourceSystem=take',
      headers: adminA.headers,
    });
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().sources).toEqual([
      expect.objectContaining({
        organizationId: orgA,
        kind: 'achievements',
        lastAccepted: 2,
        totalAccepted: 2,
      }),
    ]);
    expect(log.json().items[0]).toMatchObject({ id: body.batchId, kind: 'achievements', accepted: 2 });
  });

  it('a resend is idempotent, and a correction supersedes the value while the history keeps both', async () => {
    const item = olympiad({ sourceSystem: 'fix', sourceId: 'f-1', result: 'participant', place: 14 });
    expect((await post([item])).json().counts.inserted).toBe(1);
    const before = await stateOf('fix');
    // The same record again: nothing changes, nothing is versioned.
    const again = await post([item]);
    expect(again.json().counts).toEqual({ accepted: 1, rejected: 0, inserted: 0, updated: 0, unchanged: 1 });
    expect(await stateOf('fix')).toEqual(before);
    // The same number, 87.5 and 87.50, is the same value.
    expect((await post([{ ...item, score: 87.5 }])).json().counts.unchanged).toBe(1);
    expect(await q(`SELECT * FROM learner_achievements_history`)).toEqual([]);
    // A correction: the result was wrong.
    const fixed = await post([{ ...item, result: 'prize_winner', place: 3 }]);
    expect(fixed.json().accepted).toEqual([{ index: 0, sourceId: 'f-1', outcome: 'updated' }]);
    const [row] = await stateOf('fix');
    expect(row).toMatchObject({ result: 'prize_winner', place: 3, version: 2 });
    // A second correction: the history keeps every earlier value, with the batch that replaced it.
    const again2 = await post([{ ...item, result: 'winner', place: 1 }]);
    expect(again2.json().counts.updated).toBe(1);
    const history = await q(
      `SELECT h.result, h.place, h.version, h.superseded_by_batch FROM learner_achievements_history h
         JOIN learner_achievements a ON a.id = h.achievement_id
        WHERE a.source_system = 'fix' ORDER BY h.version`,
    );
    expect(history).toEqual([
      { result: 'participant', place: 14, version: 1, superseded_by_batch: fixed.json().batchId },
      { result: 'prize_winner', place: 3, version: 2, superseded_by_batch: again2.json().batchId },
    ]);
    expect(await stateOf('fix')).toEqual([
      expect.objectContaining({ result: 'winner', place: 1, version: 3 }),
    ]);
    expect(
      await q(`SELECT count(*)::int AS n FROM learner_achievements WHERE source_system = 'fix'`),
    ).toEqual([{ n: 1 }]);
  });

  it('rejects per item with the reason and takes the rest of the batch', async () => {
    const ok = { sourceSystem: 'mixed' };
    const res = await post([
      olympiad({ ...ok, sourceId: 'm-ok' }),
      olympiad({ ...ok, sourceId: 'm-unknown', personId: randomUUID() }),
      olympiad({ ...ok, sourceId: 'm-other-org', personId: learnerB }),
      olympiad({ ...ok, sourceId: 'm-other-mun', personId: learnerOther }),
      olympiad({ ...ok, sourceId: 'm-future', date: day(1) }),
      olympiad({ ...ok, sourceId: 'm-dup', personId: learners[2]!.id }),
      olympiad({ ...ok, sourceId: 'm-dup', personId: learners[3]!.id }),
      olympiad({ ...ok, sourceId: 'm-level', level: 'galactic' }),
      olympiad({ ...ok, sourceId: 'm-score', score: 1.005 }),
      olympiad({ ...ok, sourceId: 'm-no-title', title: undefined }),
      olympiad({ ...ok, sourceId: 'm-born', date: '2001-05-05' }),
      olympiad({ ...ok, sourceId: 'm-before-enrollment', date: '2022-05-05' }),
      olympiad({ ...ok, sourceId: 'm-extra', organizer: 'Минпросвещения' }),
      'не объект',
      olympiad({ ...ok, sourceId: 'm-snils', personId: learners[1]!.id, snils: learners[2]!.snils }),
      olympiad({ ...ok, sourceId: 'm-no-person', personId: undefined }),
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.accepted.map((a: { sourceId: string }) => a.sourceId)).toEqual(['m-ok']);
    const codes = Object.fromEntries(
      body.rejected.map((r: { index: number; code: string }) => [r.index, r.code]),
    );
    expect(codes).toEqual({
      1: 'unknown_learner',
      2: 'learner_not_held',
      3: 'learner_not_held',
      4: 'future_date',
      5: 'duplicate_in_batch',
      6: 'duplicate_in_batch',
      7: 'invalid_item',
      8: 'invalid_item',
      9: 'invalid_item',
      10: 'before_birth',
      11: 'not_enrolled_on_date',
      12: 'invalid_item',
      13: 'invalid_item',
      14: 'snils_mismatch',
      15: 'invalid_item',
    });
    for (const r of body.rejected) expect(r.message).toMatch(/[А-Яа-яЁё]/);
    const reason = (i: number) => body.rejected.find((r: { index: number }) => r.index === i);
    expect(reason(2)).toEqual({
      index: 2,
      sourceId: 'm-other-org',
      code: 'learner_not_held',
      message: 'Обучающийся не числится в организациях, к которым привязан ключ доступа',
    });
    expect(reason(7).message).toMatch(/^level: /);
    expect(reason(8).message).toMatch(/^score: .*двух знаков/);
    expect(reason(10).message).toBe('Дата раньше даты рождения обучающегося');
    expect(reason(13).sourceId).toBeNull();
    expect((await stateOf('mixed')).map((r) => r.source_id)).toEqual(['m-ok']);
    const [batch] = await q(`SELECT items, accepted, rejected, errors FROM intake_batches WHERE id = $1`, [
      body.batchId,
    ]);
    expect(batch).toMatchObject({ items: 16, accepted: 1, rejected: 15 });
    expect(batch.errors).toHaveLength(15);
  });

  it('a source key of another learner is never taken over', async () => {
    const item = olympiad({ sourceSystem: 'steal', sourceId: 's-1' });
    expect((await post([item])).json().counts.inserted).toBe(1);
    const res = await post([{ ...item, personId: learners[3]!.id }]);
    expect(res.json().rejected.map((r: { code: string }) => r.code)).toEqual(['source_id_reassigned']);
    expect((await stateOf('steal')).map((r) => r.person_id)).toEqual([learners[0]!.id]);
  });

  it('a batch over the limit answers 413 with its code, and nothing is applied', async () => {
    const items = Array.from({ length: MAX_BATCH + 1 }, (_, i) =>
      olympiad({ sourceSystem: 'big', sourceId: `b-${i}` }),
    );
    const res = await post(items);
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'payload_too_large', errors: [{ code: 'batch_too_large' }] });
    expect(await stateOf('big')).toEqual([]);
    expect(await q(`SELECT count(*)::int AS n FROM intake_batches WHERE items > ${MAX_BATCH}`)).toEqual([
      { n: 0 },
    ]);
  });

  it('a NUL byte, malformed JSON or an empty batch answers 400, never 500', async () => {
    const nul = await post([olympiad({ sourceSystem: 'nul', title: 'Олимпиада\u0000' })]);
    expect(nul.statusCode).toBe(400);
    expect(nul.headers['content-type']).toMatch(/problem\+json/);
    const broken = await s.app.inject({
      method: 'POST',
      url: '/api/v1/intake/achievements',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: '{"items": [{"sourceSystem": "x",',
    });
    expect(broken.statusCode).toBe(400);
    expect((await post([])).statusCode).toBe(400);
    expect(await stateOf('nul')).toEqual([]);
  });

  it('twenty identical batches at once end in the state of one', async () => {
    const items = learners.map((l, i) =>
      olympiad({ sourceSystem: 'race', sourceId: `c-${i}`, personId: l.id }),
    );
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(items)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    const inserted = answers.map((a) => a.json().counts.inserted as number);
    expect(inserted.reduce((x, y) => x + y, 0)).toBe(learners.length);
    const rows = await stateOf('race');
    expect(rows).toHaveLength(learners.length);
    expect(rows.every((r) => r.version === 1)).toBe(true);
  });

  it('the change feed carries an achievement and its correction', async () => {
    const start = await s.app.inject({
      method: 'GET',
      url: '/api/v1/changes?limit=1000',
      headers: regional.headers,
    });
    expect(start.statusCode, start.body).toBe(200);
    let cursor = start.json().nextCursor as string;
    for (let more = start.json().hasMore; more; ) {
      const page = await s.app.inject({
        method: 'GET',
        url: `/api/v1/changes?since=${cursor}&limit=1000`,
        headers: regional.headers,
      });
      cursor = page.json().nextCursor;
      more = page.json().hasMore;
    }
    const item = olympiad({ sourceSystem: 'feed', sourceId: 'fd-1' });
    await post([item]);
    await post([{ ...item, result: 'winner' }]);
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/changes?since=${cursor}&limit=1000`,
      headers: regional.headers,
    });
    const mine = res.json().items.filter((x: { entityType: string }) => x.entityType === 'achievement');
    expect(mine).toHaveLength(2);
    expect(mine[1]).toMatchObject({
      op: 'upsert',
      achievement: {
        personId: learners[0]!.id,
        organizationId: orgA,
        result: 'winner',
        sourceId: 'fd-1',
        version: 2,
      },
    });
  });
});

describe("a learner's achievements", () => {
  it('are read by whoever fully sees the learner, audited; another municipality gets 404', async () => {
    const id = learners[0]!.id;
    const mine = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${id}/achievements`,
      headers: adminA.headers,
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as { sourceId: string; result: string; score: number | null }[];
    expect(items.find((a) => a.sourceId === 'f-1')).toMatchObject({ result: 'winner', version: 3 });
    expect(items.find((a) => a.sourceId === 't-1')).toMatchObject({
      organizationId: orgA,
      level: 'municipal',
      kind: 'olympiad',
      result: 'prize_winner',
      place: 2,
      score: 87.5,
      subject: 'Физика',
    });
    // Another learner's achievements are not on this one's list.
    expect(items.some((a) => a.sourceId === 't-2')).toBe(false);
    const audit = await auditRows(
      s,
      `action = 'person.achievements.read' AND object_id = $1 AND actor_user_id = $2`,
      [id, adminA.id],
    );
    expect(audit.length).toBeGreaterThan(0);
    // An upper-case id names the same learner.
    const upper = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${id.toUpperCase()}/achievements`,
      headers: adminA.headers,
    });
    expect(upper.statusCode).toBe(200);
    expect(upper.json().items).toHaveLength(items.length);
    // The token that sent them reads them too.
    expect(
      (await s.app.inject({ method: 'GET', url: `/api/v1/persons/${id}/achievements`, headers: bearer }))
        .statusCode,
    ).toBe(200);

    const other = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${id}/achievements`,
      headers: municipalOther.headers,
    });
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    expect(other.body).not.toContain('Физика');
    const absent = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${randomUUID()}/achievements`,
      headers: municipalOther.headers,
    });
    expect(absent.statusCode).toBe(404);
    expect(
      (
        await s.app.inject({
          method: 'GET',
          url: `/api/v1/persons/${id}/achievements`,
          headers: analyst.headers,
        })
      ).statusCode,
    ).toBe(403);
    const bad = await s.app.inject({
      method: 'GET',
      url: '/api/v1/persons/abc/achievements',
      headers: adminA.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});
