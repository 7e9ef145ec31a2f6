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

const MAX_BATCH = 60;
let s: TestServer;
let regional: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let orgA: string;
let orgB: string;
let kindergarten: string;
let bearer: Record<string, string>;
const learners: { id: string; snils: string }[] = [];
let learnerB: string;
let child: string;

/** A date n days from the region's today. */
const day = (n: number) => {
  const t = new Date(`${dateInZone(new Date(), 'Asia/Irkutsk')}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

const post = (url: string, items: unknown[], headers = bearer) =>
  s.app.inject({ method: 'POST', url: `/api/v1/intake/${url}`, headers, payload: { items } });

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;

/** The stored state of a source's rows, without the batch that last touched them. */
const stateOf = (source: string) =>
  q(
    `SELECT person_id, organization_id, date::text, status, reason, lessons_missed, lessons_unexcused, lessons,
            source_id, version
       FROM attendance_days WHERE source_system = $1 ORDER BY source_id, date`,
    [source],
  );

beforeAll(async () => {
  s = await startTestServer({ INTAKE_MAX_BATCH: String(MAX_BATCH) });
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: mun })).id;
  orgB = (await buildOrganization(s, { territoryId: mun })).id;
  kindergarten = (await buildOrganization(s, { territoryId: mun, kind: 'preschool' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  adminA = await buildUser(s, 'org_admin', orgA);
  adminB = await buildUser(s, 'org_admin', orgB);
  const municipal = await buildUser(s, 'municipal_specialist', mun);
  for (let i = 0; i < 6; i++) {
    const l = await createLearner(s, regional, orgA);
    learners.push({ id: l.id, snils: l.snils as string });
  }
  learnerB = (await createLearner(s, regional, orgB)).id;
  child = (
    await createLearner(s, regional, kindergarten, {
      birthDate: '2021-03-03',
      documents: [],
      snils: undefined,
    })
  ).id;
  const token = await s.app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: municipal.headers,
    payload: { name: 'Электронный журнал', organizationIds: [orgA, kindergarten] },
  });
  expect(token.statusCode, token.body).toBe(201);
  bearer = { authorization: `Bearer ${token.json().token}` };
}, 120_000);
afterAll(() => s.stop());

describe('attendance intake', () => {
  it('refuses an anonymous caller and a role that does not send intake', async () => {
    expect((await post('attendance', [], {})).statusCode).toBe(401);
    const res = await post('attendance', [{}], adminA.headers);
    expect(res.statusCode).toBe(403);
  });

  it('a resend of the same batch leaves the same rows: nothing duplicated, nothing versioned', async () => {
    const items = learners.slice(0, 3).map((l, i) => ({
      sourceSystem: 'resend',
      sourceId: `r-${i}`,
      personId: l.id,
      date: day(-1),
      status: i === 0 ? 'absent' : 'present',
      ...(i === 0 ? { reason: 'illness' } : {}),
    }));
    const first = await post('attendance', items);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().counts).toEqual({ accepted: 3, rejected: 0, inserted: 3, updated: 0, unchanged: 0 });
    const before = await stateOf('resend');
    const again = await post('attendance', items);
    expect(again.statusCode).toBe(200);
    expect(again.json().counts).toEqual({ accepted: 3, rejected: 0, inserted: 0, updated: 0, unchanged: 3 });
    expect(await stateOf('resend')).toEqual(before);
    expect(before).toHaveLength(3);
    expect(await q(`SELECT * FROM attendance_days_history WHERE source_system = 'resend'`)).toEqual([]);
    // The write is audited with the learners it touched.
    const audit = await auditRows(s, `action = 'intake.attendance' AND object_id = $1`, [
      first.json().batchId,
    ]);
    expect(audit).toHaveLength(1);
    expect([...audit[0].subject_ids].sort()).toEqual(
      learners
        .slice(0, 3)
        .map((l) => l.id)
        .sort(),
    );
  });

  it('a correction supersedes the earlier value and the history keeps both', async () => {
    const item = {
      sourceSystem: 'fix',
      sourceId: 'f-1',
      personId: learners[0]!.id,
      date: day(-2),
      status: 'present',
    };
    expect((await post('attendance', [item])).json().counts.inserted).toBe(1);
    const fixed = await post('attendance', [{ ...item, status: 'absent', reason: 'valid' }]);
    expect(fixed.json().counts).toMatchObject({ accepted: 1, updated: 1 });
    expect(fixed.json().accepted).toEqual([{ index: 0, sourceId: 'f-1', outcome: 'updated' }]);
    const [row] = await stateOf('fix');
    expect(row).toMatchObject({ status: 'absent', reason: 'valid', version: 2 });
    const history = await q(
      `SELECT status, reason, version, superseded_by_batch FROM attendance_days_history WHERE source_system = 'fix'`,
    );
    expect(history).toEqual([
      { status: 'present', reason: null, version: 1, superseded_by_batch: fixed.json().batchId },
    ]);
  });

  it('rejects per item with the reason and applies the rest of the batch', async () => {
    const ok = { sourceSystem: 'mixed', personId: learners[1]!.id, status: 'present' };
    const res = await post('attendance', [
      { ...ok, sourceId: 'm-ok', date: day(-3) },
      { ...ok, sourceId: 'm-unknown', personId: randomUUID(), date: day(-3) },
      { ...ok, sourceId: 'm-other-org', personId: learnerB, date: day(-3) },
      { ...ok, sourceId: 'm-future', date: day(2) },
      { ...ok, sourceId: 'm-dup', personId: learners[2]!.id, date: day(-4) },
      { ...ok, sourceId: 'm-dup', personId: learners[3]!.id, date: day(-4) },
      { ...ok, sourceId: 'm-bad', date: 'вчера' },
      { ...ok, sourceId: 'm-no-reason', status: 'absent', date: day(-5) },
      { ...ok, sourceId: 'm-before-enrollment', date: '2020-01-15' },
      { ...ok, sourceId: 'm-snils', personId: undefined, snils: learners[4]!.snils, date: day(-3) },
      {
        ...ok,
        sourceId: 'm-snils-wrong',
        personId: learners[4]!.id,
        snils: learners[5]!.snils,
        date: day(-3),
      },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.accepted.map((a: { sourceId: string }) => a.sourceId)).toEqual(['m-ok', 'm-snils']);
    const codes = Object.fromEntries(
      body.rejected.map((r: { index: number; code: string; message: string }) => [r.index, r.code]),
    );
    expect(codes).toEqual({
      1: 'unknown_learner',
      2: 'learner_not_held',
      3: 'future_date',
      4: 'duplicate_in_batch',
      5: 'duplicate_in_batch',
      6: 'invalid_item',
      7: 'reason_required',
      8: 'too_old',
      10: 'snils_mismatch',
    });
    for (const r of body.rejected) expect(r.message).toMatch(/[А-Яа-яЁё]/);
    expect(body.rejected[0]).toEqual({
      index: 1,
      sourceId: 'm-unknown',
      code: 'unknown_learner',
      message: 'Обучающийся не найден в реестре',
    });
    expect((await stateOf('mixed')).map((r) => r.source_id)).toEqual(['m-ok', 'm-snils']);
  });

  it('the day counts once: another source record for a recorded day is refused', async () => {
    const base = { personId: learners[5]!.id, date: day(-6), status: 'present' };
    expect(
      (await post('attendance', [{ ...base, sourceSystem: 'once', sourceId: 'o-1' }])).json().counts.inserted,
    ).toBe(1);
    const res = await post('attendance', [
      { ...base, sourceSystem: 'once', sourceId: 'o-2' },
      { ...base, sourceSystem: 'once', sourceId: 'o-3', date: day(-7) },
      { ...base, sourceSystem: 'once', sourceId: 'o-4', date: day(-7) },
    ]);
    expect(res.json().rejected.map((r: { code: string }) => r.code)).toEqual([
      'day_already_recorded',
      'duplicate_day_in_batch',
      'duplicate_day_in_batch',
    ]);
  });

  it('a stored source record sent again for another learner is refused; the rest of the batch applies', async () => {
    const item = { sourceSystem: 'moved', sourceId: 'mv-1', date: day(-9), status: 'present' };
    expect((await post('attendance', [{ ...item, personId: learners[2]!.id }])).json().counts.inserted).toBe(
      1,
    );
    const before = await stateOf('moved');
    const res = await post('attendance', [
      { ...item, personId: learners[3]!.id, status: 'absent', reason: 'illness' },
      { ...item, sourceId: 'mv-2', personId: learners[4]!.id },
    ]);
    const body = res.json();
    expect(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [0, 'source_id_reassigned'],
    ]);
    expect(body.accepted).toEqual([{ index: 1, sourceId: 'mv-2', outcome: 'inserted' }]);
    const after = await stateOf('moved');
    expect(after.find((r) => r.source_id === 'mv-1')).toEqual(before[0]);
    expect(after.map((r) => r.source_id)).toEqual(['mv-1', 'mv-2']);
  });

  it('folds lesson absences into the day and keeps kindergartens to whole days', async () => {
    const res = await post('attendance', [
      {
        sourceSystem: 'lessons',
        sourceId: 'l-part',
        personId: learners[2]!.id,
        date: day(-8),
        lessonAbsences: [{ lesson: 2, subject: 'Математика', reason: 'unexcused' }],
      },
      {
        sourceSystem: 'lessons',
        sourceId: 'l-all',
        personId: learners[3]!.id,
        date: day(-8),
        lessonsScheduled: 2,
        lessonAbsences: [
          { lesson: 1, subject: 'Физика', reason: 'illness' },
          { lesson: 2, subject: 'Химия', reason: 'valid' },
        ],
      },
      {
        sourceSystem: 'lessons',
        sourceId: 'l-kid',
        personId: child,
        date: day(-8),
        lessonAbsences: [{ lesson: 1, subject: 'Музыка', reason: 'valid' }],
      },
      {
        sourceSystem: 'lessons',
        sourceId: 'l-kid-day',
        personId: child,
        date: day(-9),
        status: 'absent',
        reason: 'illness',
      },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rejected.map((r: { code: string }) => r.code)).toEqual(['lessons_in_kindergarten']);
    const rows = await stateOf('lessons');
    expect(rows.map((r) => [r.source_id, r.status, r.reason, r.lessons_missed, r.lessons_unexcused])).toEqual(
      [
        ['l-all', 'absent', 'illness', 2, 0],
        ['l-kid-day', 'absent', 'illness', 0, 0],
        ['l-part', 'present', null, 1, 1],
      ],
    );
    expect(rows.find((r) => r.source_id === 'l-kid-day')!.organization_id).toBe(kindergarten);
  });

  it('a batch over the limit answers 413 with its code, and nothing is applied', async () => {
    const items = Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({
      sourceSystem: 'big',
      sourceId: `b-${i}`,
      personId: learners[0]!.id,
      date: day(-1),
      status: 'present',
    }));
    const res = await post('attendance', items);
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'payload_too_large', errors: [{ code: 'batch_too_large' }] });
    expect(await stateOf('big')).toEqual([]);
  });

  it('a NUL byte or malformed JSON answers 400, never 500', async () => {
    const nul = await post('attendance', [
      {
        sourceSystem: 'nul',
        sourceId: 'n\u0000',
        personId: learners[0]!.id,
        date: day(-1),
        status: 'present',
      },
    ]);
    expect(nul.statusCode).toBe(400);
    expect(nul.headers['content-type']).toMatch(/problem\+json/);
    const broken = await s.app.inject({
      method: 'POST',
      url: '/api/v1/intake/attendance',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: '{"items": [{"sourceSystem": "x",',
    });
    expect(broken.statusCode).toBe(400);
    const notArray = await s.app.inject({
      method: 'POST',
      url: '/api/v1/intake/attendance',
      headers: bearer,
      payload: { items: 'все' },
    });
    expect(notArray.statusCode).toBe(400);
    const empty = await post('attendance', []);
    expect(empty.statusCode).toBe(400);
  });

  it('twenty identical batches at once end in the state of one', async () => {
    const items = learners.map((l, i) => ({
      sourceSystem: 'race',
      sourceId: `c-${i}`,
      personId: l.id,
      date: day(-10),
      status: i % 2 ? 'present' : 'absent',
      ...(i % 2 ? {} : { reason: 'unexcused' }),
    }));
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('attendance', items)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    const inserted = answers.map((a) => a.json().counts.inserted as number);
    expect(inserted.reduce((x, y) => x + y, 0)).toBe(learners.length);
    expect(answers.every((a) => a.json().counts.accepted === learners.length)).toBe(true);
    const rows = await stateOf('race');
    expect(rows).toHaveLength(learners.length);
    expect(rows.every((r) => r.version === 1)).toBe(true);
    expect(await q(`SELECT * FROM attendance_days_history WHERE source_system = 'race'`)).toEqual([]);
  });

  it('stores each day in its month partition', async () => {
    const parts = await q(
      `SELECT DISTINCT tableoid::regclass::text AS part FROM attendance_days WHERE source_system = 'resend'`,
    );
    expect(parts).toEqual([
      { part: `attendance_parts.attendance_days_${day(-1).slice(0, 7).replace('-', '_')}` },
    ]);
  });
});

describe('results intake', () => {
  it('takes period, annual and final grades, supersedes a correction and rejects a grade off the scale', async () => {
    const base = {
      sourceSystem: 'grades',
      personId: learners[0]!.id,
      academicYear: '2025/2026',
      subject: 'Математика',
      scale: 'five_point',
      gradedOn: day(-1),
    };
    const res = await post('results', [
      { ...base, sourceId: 'g-q1', kind: 'period', periodType: 'quarter', periodNumber: 1, grade: '4' },
      { ...base, sourceId: 'g-year', kind: 'annual', grade: '5' },
      { ...base, sourceId: 'g-pass', kind: 'final', scale: 'pass_fail', grade: 'pass' },
      { ...base, sourceId: 'g-bad', kind: 'annual', grade: '7' },
      { ...base, sourceId: 'g-other', personId: learnerB, kind: 'annual', grade: '3' },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts).toMatchObject({ accepted: 3, inserted: 3, rejected: 2 });
    expect(res.json().rejected.map((r: { code: string }) => r.code)).toEqual([
      'invalid_grade',
      'learner_not_held',
    ]);
    const fix = await post('results', [
      { ...base, sourceId: 'g-q1', kind: 'period', periodType: 'quarter', periodNumber: 1, grade: '5' },
    ]);
    expect(fix.json().counts).toMatchObject({ updated: 1 });
    const rows = await q(
      `SELECT r.grade, r.version, h.grade AS before FROM learner_results r
         JOIN learner_results_history h ON h.result_id = r.id WHERE r.source_id = 'g-q1'`,
    );
    expect(rows).toEqual([{ grade: '5', version: 2, before: '4' }]);
  });
});

describe('intake log', () => {
  it('shows the organization its sources and batches, and another organization nothing of them', async () => {
    const mine = await s.app.inject({
      method: 'GET',
      url: '/api/v1/intake/log?sourceSystem=mixed',
      headers: adminA.headers,
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const source = mine.json().sources.find((x: { sourceSystem: string }) => x.sourceSystem === 'mixed');
    expect(source).toMatchObject({ organizationId: orgA, kind: 'attendance', lastAccepted: 2 });
    expect(mine.json().items[0].errors.length).toBeGreaterThan(0);
    const other = await s.app.inject({ method: 'GET', url: '/api/v1/intake/log', headers: adminB.headers });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ sources: [], items: [], nextCursor: null });
    const client = await s.app.inject({ method: 'GET', url: '/api/v1/intake/log?limit=2', headers: bearer });
    expect(client.json().items).toHaveLength(2);
    expect(client.json().nextCursor).not.toBeNull();
  });
});
