import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '../../src/common/dates/working-days.ts';
import { detectCases } from '../../src/server/modules/out-of-education/detect-cases.ts';
import { type Config, loadConfig } from '../../src/server/platform/config.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { academicYear, programme, signedOrder, unit } from '../support/order-factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let config: Config;
let today: string;
let munA: string;
let munB: string;
let oktmoA: string;
let schoolA: string;
let schoolA2: string;
let schoolB: string;
let kindergarten: string;
let regional: TestUser;
let specA: TestUser;
let specA2: TestUser;
let specB: TestUser;
let schoolAdmin: TestUser;
let bearer: Record<string, string>;

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;
const day = (n: number) => {
  const t = new Date(`${today}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
const run = (kinds?: NonNullable<Parameters<typeof detectCases>[2]>['kinds'], on = today) =>
  detectCases(s.database.db, config, { today: on, ...(kinds ? { kinds } : {}) });
const casesOf = (personId: string) =>
  q(
    `SELECT id, kind, status, municipality_id, episode, version FROM out_of_education_cases WHERE person_id = $1
      ORDER BY created_at`,
    [personId],
  );
const get = (u: TestUser, url: string) =>
  s.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: u.headers });
const patch = (u: TestUser, id: string, payload: unknown) =>
  s.app.inject({
    method: 'PATCH',
    url: `/api/v1/out-of-education/cases/${id}`,
    headers: u.headers,
    payload: payload as object,
  });

/** Days of attendance planted straight into the table: status per day, oldest first. */
async function plant(
  personId: string,
  org: string,
  days: { date: string; status: 'present' | 'absent'; reason?: string }[],
) {
  for (const d of days)
    await q(
      `INSERT INTO attendance_days (organization_id, person_id, date, status, reason, source_system, source_id, batch_id)
       VALUES ($1, $2, $3, $4, $5, 'test', $6, gen_random_uuid())`,
      [
        org,
        personId,
        d.date,
        d.status,
        d.status === 'absent' ? (d.reason ?? 'unexcused') : null,
        randomUUID(),
      ],
    );
}
const absent = (from: number, to: number, reason = 'unexcused') =>
  Array.from({ length: to - from + 1 }, (_, k) => ({
    date: day(from + k),
    status: 'absent' as const,
    reason,
  }));

beforeAll(async () => {
  s = await startTestServer({ TRANSFER_ARRIVAL_WORKING_DAYS: '2' });
  config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: s.dbUrl, TRANSFER_ARRIVAL_WORKING_DAYS: '2' });
  today = dateInZone(new Date(), config.timeZone);
  const region = await buildRegion(s);
  munA = await buildMunicipality(s);
  munB = await buildMunicipality(s);
  oktmoA = (await q(`SELECT oktmo FROM territories WHERE id = $1`, [munA]))[0].oktmo;
  schoolA = (await buildOrganization(s, { territoryId: munA })).id;
  schoolA2 = (await buildOrganization(s, { territoryId: munA })).id;
  schoolB = (await buildOrganization(s, { territoryId: munB })).id;
  kindergarten = (await buildOrganization(s, { territoryId: munA, kind: 'preschool' })).id;
  regional = await buildUser(s, 'regional_operator', region);
  specA = await buildUser(s, 'municipal_specialist', munA);
  specA2 = await buildUser(s, 'municipal_specialist', munA);
  specB = await buildUser(s, 'municipal_specialist', munB);
  schoolAdmin = await buildUser(s, 'org_admin', schoolA);
  const token = await s.app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: specA.headers,
    payload: { name: 'Электронный журнал', organizationIds: [schoolA] },
  });
  expect(token.statusCode, token.body).toBe(201);
  bearer = { authorization: `Bearer ${token.json().token}` };
}, 120_000);
afterAll(() => s.stop());

describe('«прекратил посещение»', () => {
  it('flags N unexcused absences in a row, not a child who attends or is ill, and closes when the child is back', async () => {
    const truant = (await createLearner(s, regional, schoolA)).id;
    const pupil = (await createLearner(s, regional, schoolA)).id;
    const ill = (await createLearner(s, regional, schoolA)).id;
    const short = (await createLearner(s, regional, schoolA)).id;
    await plant(truant, schoolA, [{ date: day(-9), status: 'present' }, ...absent(-8, -1)]);
    await plant(
      pupil,
      schoolA,
      Array.from({ length: 8 }, (_, k) => ({ date: day(-8 + k), status: 'present' as const })),
    );
    await plant(ill, schoolA, absent(-8, -1, 'illness'));
    await plant(short, schoolA, [{ date: day(-6), status: 'present' }, ...absent(-4, -1)]);
    const r = await run(['stopped_attending']);
    expect(r.stopped_attendingOpened).toBeGreaterThanOrEqual(1);
    expect(await casesOf(truant)).toMatchObject([
      { kind: 'stopped_attending', status: 'detected', municipality_id: munA },
    ]);
    expect(await casesOf(pupil)).toEqual([]);
    expect(await casesOf(ill)).toEqual([]);
    expect(await casesOf(short)).toEqual([]);

    await plant(truant, schoolA, [{ date: today, status: 'present' }]);
    await run(['stopped_attending']);
    const [c] = await casesOf(truant);
    expect(c).toMatchObject({ status: 'closed', version: 2 });
    const ev = await q(
      `SELECT action, from_status, to_status, note, user_id FROM out_of_education_case_events
                         WHERE case_id = $1 ORDER BY id`,
      [c.id],
    );
    expect(ev.at(-1)).toMatchObject({
      action: 'auto_closed',
      from_status: 'detected',
      to_status: 'closed',
      user_id: null,
    });
    expect(ev.at(-1).note).toMatch(/^закрыт автоматически: /);
    // The same absence run is one episode: a rerun does not open it again.
    await run(['stopped_attending']);
    expect(await casesOf(truant)).toHaveLength(1);
  });

  it('flags more than X % of a month missed without a valid reason', async () => {
    const skipper = (await createLearner(s, regional, schoolA)).id;
    const first = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() - 1);
    const m = first.toISOString().slice(0, 7);
    // 10 days, 4 missed (40 % > 30 %), never 5 in a row, the last day present.
    const pattern = ['p', 'a', 'p', 'a', 'p', 'a', 'p', 'a', 'p', 'p'];
    await plant(
      skipper,
      schoolA,
      pattern.map((x, k) => ({
        date: `${m}-${String(k + 10).padStart(2, '0')}`,
        status: x === 'a' ? 'absent' : 'present',
      })),
    );
    await run(['stopped_attending']);
    expect(await casesOf(skipper)).toMatchObject([
      { kind: 'stopped_attending', status: 'detected', episode: `month:${m}` },
    ]);
  });

  it('runs after an intake batch for its learners, and closes when the journal sends a present day', async () => {
    const l = (await createLearner(s, regional, schoolA)).id;
    const items = Array.from({ length: 6 }, (_, k) => ({
      sourceSystem: 'journal',
      sourceId: `${l}-${k}`,
      personId: l,
      date: day(-7 + k),
      status: 'absent',
      reason: 'unexcused',
    }));
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/intake/attendance',
      headers: bearer,
      payload: { items },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await casesOf(l)).toMatchObject([{ kind: 'stopped_attending', status: 'detected' }]);
    const back = await s.app.inject({
      method: 'POST',
      url: '/api/v1/intake/attendance',
      headers: bearer,
      payload: {
        items: [
          { sourceSystem: 'journal', sourceId: `${l}-back`, personId: l, date: today, status: 'present' },
        ],
      },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(await casesOf(l)).toMatchObject([{ status: 'closed' }]);
  });
});

describe('«не посещает ДОО»', () => {
  it('flags a kindergarten child absent without reason for N days, not one absent for fewer', async () => {
    const born = { birthDate: '2022-03-03', documents: [], snils: undefined };
    const away = (await createLearner(s, regional, kindergarten, born)).id;
    const fewer = (await createLearner(s, regional, kindergarten, born)).id;
    await plant(away, kindergarten, absent(-12, -1));
    await plant(fewer, kindergarten, absent(-5, -1));
    await run(['preschool_absent']);
    expect(await casesOf(away)).toMatchObject([{ kind: 'preschool_absent', municipality_id: munA }]);
    expect(await casesOf(fewer)).toEqual([]);
  });
});

describe('«не приступил к обучению»', () => {
  it('flags a school-age child of the territory without a school, not a schoolchild; closes on enrollment', async () => {
    const year = Number(today.slice(0, 4)) - (today.slice(5) >= '09-01' ? 0 : 1);
    const address = [{ kind: 'registration', text: 'г. Тест, ул. Школьная, д. 1', oktmo: oktmoA }];
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: regional.headers,
      payload: learnerInput(null, { birthDate: `${year - 11}-05-05`, addresses: address }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const lost = res.json().id as string;
    const pupil = (
      await createLearner(s, regional, schoolA, { birthDate: `${year - 11}-06-06`, addresses: address })
    ).id;
    const grad = (
      await createLearner(s, regional, kindergarten, {
        birthDate: `${year - 7}-01-10`,
        documents: [],
        snils: undefined,
      })
    ).id;
    await q(`UPDATE enrollments SET ended_on = $2 WHERE person_id = $1`, [grad, `${year}-06-30`]);
    // Before the check date of the school year the rule waits.
    const waits = await detectCases(
      s.database.db,
      { ...config, outOfEducationCheckDate: '09-05' },
      {
        today: `${year}-09-03`,
        kinds: ['not_started'],
      },
    );
    expect(waits.not_startedOpened).toBe(0);
    await run(['not_started']);
    expect(await casesOf(lost)).toMatchObject([
      { kind: 'not_started', municipality_id: munA, episode: `${year}/${year + 1}` },
    ]);
    expect(await casesOf(grad)).toMatchObject([{ kind: 'not_started', municipality_id: munA }]);
    expect(await casesOf(pupil)).toEqual([]);

    await q(`INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, $3)`, [
      lost,
      schoolA2,
      today,
    ]);
    await run(['not_started']);
    expect(await casesOf(lost)).toMatchObject([{ status: 'closed' }]);
  });
});

describe('«выбыл и не прибыл»', () => {
  it('opens a case for a transfer not received in N working days, once, and closes it on arrival', async () => {
    const yr = await academicYear(s, '2026-09-01');
    const progA = await programme(s, schoolA, 'noo');
    const progA2 = await programme(s, schoolA2, 'noo');
    const unitA = await unit(s, schoolA, yr, '3А', { grade: 3 });
    const unitA2 = await unit(s, schoolA2, yr, '3Б', { grade: 3 });
    const op = await buildUser(s, 'org_operator', schoolA);
    const op2 = await buildUser(s, 'org_operator', schoolA2);
    const l = await createLearner(s, op, schoolA);
    const enrolled = await signedOrder(s, op, {
      organizationId: schoolA,
      kind: 'enrollment',
      orderDate: '2026-09-01',
      movements: [
        { kind: 'enrollment', personId: l.id, effectiveOn: '2026-09-01', programmeId: progA, unitId: unitA },
      ],
    });
    const out = await signedOrder(s, op, {
      organizationId: schoolA,
      kind: 'exit',
      orderDate: '2026-10-05',
      movements: [
        {
          kind: 'transfer_out',
          personId: l.id,
          enrollmentId: enrolled.movements[0]!.enrollmentId,
          effectiveOn: '2026-10-05',
          destinationOrganizationId: schoolA2,
        },
      ],
    });
    await run(['left_not_arrived']);
    await run(['left_not_arrived']);
    expect(await casesOf(l.id)).toMatchObject([
      { kind: 'left_not_arrived', status: 'detected', episode: out.movements[0]!.id },
    ]);
    await signedOrder(s, op2, {
      organizationId: schoolA2,
      kind: 'enrollment',
      orderDate: '2026-10-20',
      movements: [
        {
          kind: 'enrollment',
          personId: l.id,
          effectiveOn: '2026-10-20',
          programmeId: progA2,
          unitId: unitA2,
          arrivalOf: out.movements[0]!.id,
        },
      ],
    });
    await run(['left_not_arrived']);
    expect(await casesOf(l.id)).toMatchObject([{ status: 'closed' }]);
  });
});

describe('idempotency', () => {
  it('twenty concurrent runs leave one open case per child and kind', async () => {
    const l = (await createLearner(s, regional, schoolA)).id;
    await plant(l, schoolA, absent(-10, -1));
    await Promise.all(Array.from({ length: 20 }, () => run(['stopped_attending', 'preschool_absent'])));
    expect(await casesOf(l)).toHaveLength(1);
    const [c] = await casesOf(l);
    const ev = await q(`SELECT count(*)::int AS n FROM out_of_education_case_events WHERE case_id = $1`, [
      c.id,
    ]);
    expect(ev[0].n).toBe(1);
  });
});

describe('the municipal inbox', () => {
  let caseId: string;
  let personId: string;
  beforeAll(async () => {
    personId = (await createLearner(s, regional, schoolA)).id;
    await plant(personId, schoolA, absent(-7, -1));
    await run(['stopped_attending']);
    caseId = (await casesOf(personId))[0].id;
  });

  it('lists the municipality’s cases with filters, audited; not to a school or another municipality', async () => {
    const res = await get(specA, '/out-of-education/cases?kind=stopped_attending&status=open&limit=200');
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(caseId);
    expect(
      res
        .json()
        .items.every(
          (i: { kind: string; status: string }) => i.kind === 'stopped_attending' && i.status !== 'closed',
        ),
    ).toBe(true);
    expect(
      (await auditRows(s, `action = 'out_of_education.list.read' AND $1 = ANY(subject_ids)`, [personId]))
        .length,
    ).toBeGreaterThan(0);
    expect(
      (await get(specB, '/out-of-education/cases?limit=200')).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(caseId);
    expect(
      (await get(regional, '/out-of-education/cases?limit=200'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).toContain(caseId);
    expect((await get(schoolAdmin, '/out-of-education/cases')).statusCode).toBe(403);
    expect((await get(specA, `/out-of-education/cases?organizationId=${schoolB}`)).json().items).toEqual([]);
    const overdue = await get(specA, '/out-of-education/cases?overdue=true');
    expect(overdue.statusCode).toBe(200);
  });

  it('answers bad input with problems, never a 500', async () => {
    for (const url of [
      '/out-of-education/cases?kind=nope',
      '/out-of-education/cases?status=%00',
      '/out-of-education/cases?limit=0',
      '/out-of-education/cases?cursor=zzz',
      '/out-of-education/cases?overdue=maybe',
      '/out-of-education/cases/not-a-uuid',
      '/out-of-education/cases.xlsx?recipient=school',
    ]) {
      const r = await get(specA, url);
      expect(r.statusCode, url).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const none = await patch(specA, caseId, { version: 1 });
    expect(none.statusCode).toBe(400);
    const nul = await patch(specA, caseId, { version: 1, note: 'a\u0000b' });
    expect(nul.statusCode).toBe(400);
    const skip = await patch(specA, caseId, { version: 1, status: 'measures_taken' });
    expect(skip.statusCode).toBe(422);
    const stranger = await patch(specA, caseId, { version: 1, responsibleUserId: specB.id });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].path).toBe('responsibleUserId');
  });

  it('shows the card to its municipality (upper-case id too), 404 to another', async () => {
    const card = await get(specA, `/out-of-education/cases/${caseId.toUpperCase()}`);
    expect(card.statusCode, card.body).toBe(200);
    expect(card.json()).toMatchObject({ id: caseId, status: 'detected', person: { id: personId } });
    expect(card.json().history).toMatchObject([{ action: 'detected', toStatus: 'detected', user: null }]);
    expect(card.json().specialists.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining([specA.id, specA2.id]),
    );
    expect(
      (await auditRows(s, `action = 'out_of_education.case.read' AND object_id = $1`, [caseId])).length,
    ).toBe(1);
    expect((await get(specB, `/out-of-education/cases/${caseId}`)).statusCode).toBe(404);
    expect((await patch(specB, caseId, { version: 1, note: 'чужой' })).statusCode).toBe(404);
    expect((await get(specA, `/out-of-education/cases/${randomUUID()}`)).statusCode).toBe(404);
    expect((await get(schoolAdmin, `/out-of-education/cases/${caseId}`)).statusCode).toBe(403);
  });

  it('works the case through the statuses with versions, history and one winner of concurrent edits', async () => {
    const assigned = await patch(specA, caseId, {
      version: 1,
      responsibleUserId: specA2.id,
      deadline: day(5),
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({
      version: 2,
      responsible: { id: specA2.id },
      deadline: day(5),
    });
    const stale = await patch(specA, caseId, { version: 1, status: 'checking' });
    expect(stale.statusCode).toBe(409);
    const race = await Promise.all(
      Array.from({ length: 20 }, () =>
        patch(specA, caseId, { version: 2, status: 'checking', note: 'Звонок семье' }),
      ),
    );
    expect(race.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(race.filter((r) => r.statusCode !== 200).every((r) => r.statusCode === 409)).toBe(true);
    let v = 3;
    for (const status of ['cause_found', 'measures_taken'] as const) {
      const r = await patch(specA, caseId, { version: v, status, note: `Шаг ${status}` });
      expect(r.statusCode, r.body).toBe(200);
      v = r.json().version;
    }
    const noNote = await patch(specA, caseId, { version: v, status: 'closed' });
    expect(noNote.statusCode).toBe(400);
    const closed = await patch(specA, caseId, {
      version: v,
      status: 'closed',
      note: 'Ребенок вернулся в школу',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().nextStatuses).toEqual([]);
    expect(
      closed
        .json()
        .history.filter((e: { action: string }) => e.action === 'status')
        .map((e: { fromStatus: string; toStatus: string }) => `${e.fromStatus}>${e.toStatus}`),
    ).toEqual([
      'detected>checking',
      'checking>cause_found',
      'cause_found>measures_taken',
      'measures_taken>closed',
    ]);
    expect((await patch(specA, caseId, { version: closed.json().version, note: 'ещё' })).statusCode).toBe(
      422,
    );
    expect(
      (await auditRows(s, `action = 'out_of_education.case.updated' AND object_id = $1`, [caseId])).length,
    ).toBe(5);
  });

  it('exports the lists for КДН and опека as real XLSX', async () => {
    const res = await get(specA, '/out-of-education/cases.xlsx?recipient=kdn');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('Комиссия по делам несовершеннолетних');
    expect(ws.getRow(4).values).toContain('Фамилия');
    expect(ws.rowCount).toBeGreaterThan(4);
    const other = await get(specB, '/out-of-education/cases.xlsx?recipient=guardianship');
    expect(other.statusCode).toBe(200);
    expect((await auditRows(s, `action = 'out_of_education.exported'`)).length).toBe(2);
  });
});
