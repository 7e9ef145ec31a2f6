import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import {
  academicYear,
  api,
  historySnapshot,
  programme,
  signedOrder,
  unit,
} from '../support/order-factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let call: ReturnType<typeof api>['call'];
let schoolA: string;
let schoolB: string;
let farSchool: string;
let opA: TestUser;
let adminA: TestUser;
let opB: TestUser;
let farOp: TestUser;
let progA: string;
let progB: string;
let class5A: string;
let class6A: string;
let class5B: string;
let farUnit: string;

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  const m = await buildMunicipality(s);
  schoolA = (await buildOrganization(s, { territoryId: m })).id;
  schoolB = (await buildOrganization(s, { territoryId: m })).id;
  farSchool = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  opA = await buildUser(s, 'org_operator', schoolA);
  adminA = await buildUser(s, 'org_admin', schoolA);
  opB = await buildUser(s, 'org_operator', schoolB);
  farOp = await buildUser(s, 'org_operator', farSchool);
  const year = await academicYear(s, '2026-09-01');
  progA = await programme(s, schoolA, 'ooo');
  progB = await programme(s, schoolB, 'ooo');
  class5A = await unit(s, schoolA, year, '5А', { capacity: 2 });
  class6A = await unit(s, schoolA, year, '6А', { grade: 6 });
  class5B = await unit(s, schoolB, year, '5Б');
  farUnit = await unit(s, farSchool, year, '5В');
});
afterAll(() => s.stop());

const enrollLine = (personId: string, over: Record<string, unknown> = {}) => ({
  kind: 'enrollment',
  personId,
  effectiveOn: '2026-09-01',
  programmeId: progA,
  unitId: class5A,
  ...over,
});

async function enrolledLearner() {
  const l = await createLearner(s, opA, schoolA);
  const o = await signedOrder(s, opA, {
    organizationId: schoolA,
    kind: 'enrollment',
    orderDate: '2026-08-28',
    movements: [enrollLine(l.id, { unitId: class6A })],
  });
  return { personId: l.id, enrollmentId: o.movements[0]!.enrollmentId, orderId: o.id };
}

describe('an enrollment order', () => {
  it('gives the learner enrolled by the person form the order details, and places them in the class', async () => {
    const l = await createLearner(s, opA, schoolA);
    const created = await call(opA, 'POST', '/orders', {
      organizationId: schoolA,
      kind: 'enrollment',
      number: '12-у',
      orderDate: '2026-08-28',
      signerName: 'Иванова М. П.',
      signerPosition: 'Директор',
      movements: [enrollLine(l.id)],
    });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json();
    expect(draft).toMatchObject({ state: 'draft', version: 1, kind: 'enrollment' });
    expect(await q('SELECT count(*)::int AS n FROM placements WHERE unit_id = $1', [class5A])).toEqual([
      { n: 0 },
    ]);

    const signed = await call(opA, 'POST', `/orders/${draft.id}/sign`, { version: 1 });
    expect(signed.statusCode, signed.body).toBe(200);
    const order = signed.json();
    expect(order.state).toBe('signed');
    // Dated in August, entered in December: the one-working-day rule shows it.
    expect(order.movements[0]).toMatchObject({ late: true, unit: { name: '5А' } });
    const e = await q(
      `SELECT level, started_on, ended_on, (SELECT count(*)::int FROM enrollments x WHERE x.person_id = e.person_id) AS n
         FROM enrollments e WHERE id = $1`,
      [order.movements[0].enrollmentId],
    );
    expect(e).toEqual([{ level: 'ooo', started_on: '2026-09-01', ended_on: null, n: 1 }]);
    const pdf = await call(opA, 'GET', `/orders/${draft.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await call(farOp, 'GET', `/orders/${draft.id}/pdf`)).statusCode).toBe(404);
    const rows = await auditRows(s, `action = 'order.sign' AND object_id = $1`, [draft.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].subject_ids).toEqual([l.id]);
  });

  it('a signed order is never edited or signed again; a stale draft edit loses to the newer one', async () => {
    const l = await createLearner(s, opA, schoolA);
    const created = (
      await call(opA, 'POST', '/orders', {
        organizationId: schoolA,
        kind: 'enrollment',
        number: '13-у',
        orderDate: '2026-08-28',
        movements: [enrollLine(l.id, { unitId: class6A })],
      })
    ).json();
    const body = {
      number: '13-у',
      orderDate: '2026-08-29',
      movements: [enrollLine(l.id, { unitId: class6A })],
    };
    expect((await call(opA, 'PUT', `/orders/${created.id}`, { ...body, version: 1 })).statusCode).toBe(200);
    const stale = await call(opA, 'PUT', `/orders/${created.id}`, { ...body, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict_version');
    expect((await call(opA, 'POST', `/orders/${created.id}/sign`, { version: 2 })).statusCode).toBe(200);
    const again = await call(opA, 'POST', `/orders/${created.id}/sign`, { version: 3 });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].code).toBe('not_draft');
    const edit = await call(opA, 'PUT', `/orders/${created.id}`, { ...body, version: 3 });
    expect(edit.statusCode).toBe(409);
  });

  it('twenty identical signing requests apply the order once', async () => {
    const l = await createLearner(s, opA, schoolA);
    const o = (
      await call(opA, 'POST', '/orders', {
        organizationId: schoolA,
        kind: 'enrollment',
        number: '14-у',
        orderDate: '2026-08-28',
        movements: [enrollLine(l.id, { unitId: class6A })],
      })
    ).json();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(opA, 'POST', `/orders/${o.id}/sign`, { version: 1 })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, ...Array(19).fill(409)]);
    expect(
      await q(
        'SELECT count(*)::int AS n FROM placements p JOIN enrollments e ON e.id = p.enrollment_id WHERE e.person_id = $1',
        [l.id],
      ),
    ).toEqual([{ n: 1 }]);
  });
});

describe('bad lines are answered with the line and field', () => {
  const draftWith = (kind: string, line: Record<string, unknown>, u = opA, org = schoolA) =>
    call(u, 'POST', '/orders', {
      organizationId: org,
      kind,
      number: '1',
      orderDate: '2026-09-01',
      movements: [line],
    });

  it('an unknown exit reason, dates out of order, a movement of another kind of order', async () => {
    const { personId, enrollmentId } = await enrolledLearner();
    const unknown = await draftWith('exit', {
      kind: 'exit',
      personId,
      enrollmentId,
      effectiveOn: '2026-10-01',
      exitReason: 'BORED',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('body.movements.0.exitReason');
    const deadline = await draftWith('promotion', {
      kind: 'promotion',
      personId,
      enrollmentId,
      effectiveOn: '2026-10-01',
      promotionType: 'conditional',
      unitId: class6A,
      debtSubjects: ['Математика'],
      debtDeadline: '2026-09-15',
    });
    expect(deadline.statusCode).toBe(400);
    expect(deadline.json().errors).toContainEqual(
      expect.objectContaining({ path: 'body.movements.0.debtDeadline', code: 'dates_out_of_order' }),
    );
    const wrongKind = await draftWith('enrollment', {
      kind: 'exit',
      personId,
      enrollmentId,
      effectiveOn: '2026-10-01',
      exitReason: 'PARENTS_WISH',
    });
    expect(wrongKind.json().errors[0]).toMatchObject({
      path: 'body.movements.0.kind',
      code: 'kind_not_in_order',
    });
    const graduatedByExit = await draftWith('exit', {
      kind: 'exit',
      personId,
      enrollmentId,
      effectiveOn: '2026-10-01',
      exitReason: 'GRADUATED',
    });
    expect(graduatedByExit.json().errors[0]).toMatchObject({
      path: 'body.movements.0.exitReason',
      code: 'use_other_movement',
    });
  });

  it("another organization's unit, programme, enrollment or learner reads like an absent one", async () => {
    const { personId, enrollmentId } = await enrolledLearner();
    const foreignUnit = await draftWith('transfer', {
      kind: 'internal_transfer',
      personId,
      enrollmentId,
      effectiveOn: '2026-10-01',
      unitId: farUnit,
    });
    expect(foreignUnit.json().errors[0]).toMatchObject({
      path: 'body.movements.0.unitId',
      code: 'not_found',
    });
    const foreignEnrollment = await draftWith(
      'exit',
      { kind: 'exit', personId, enrollmentId, effectiveOn: '2026-10-01', exitReason: 'PARENTS_WISH' },
      farOp,
      farSchool,
    );
    expect(foreignEnrollment.json().errors[0]).toMatchObject({
      path: 'body.movements.0.enrollmentId',
      code: 'not_found',
    });
    const foreignLearner = await draftWith(
      'enrollment',
      enrollLine(personId, { programmeId: progB, unitId: class5B }),
      opB,
      schoolB,
    );
    expect(foreignLearner.statusCode).toBe(400);
    expect(foreignLearner.json().errors[0]).toMatchObject({
      path: 'body.movements.0.personId',
      code: 'not_found',
    });
    const upper = await call(opA, 'GET', `/orders/${crypto.randomUUID().toUpperCase()}`);
    expect(upper.statusCode).toBe(404);
    const nul = await draftWith('exit', {
      kind: 'exit',
      personId,
      enrollmentId,
      effectiveOn: '2026-10-01',
      exitReason: 'PARENTS_WISH',
      note: 'a\u0000b',
    });
    expect(nul.statusCode).toBe(400);
  });

  it('a movement the current status does not allow, and one dated before the last change', async () => {
    const { personId, enrollmentId } = await enrolledLearner();
    const ret = (
      await draftWith('academic_leave', { kind: 'return', personId, enrollmentId, effectiveOn: '2026-10-01' })
    ).json();
    const signed = await call(opA, 'POST', `/orders/${ret.id}/sign`, { version: 1 });
    expect(signed.statusCode, signed.body).toBe(422);
    expect(signed.json().errors[0]).toMatchObject({
      path: 'body.movements.0.kind',
      code: 'movement_not_allowed',
    });
    const outsideYear = await draftWith('transfer', {
      kind: 'internal_transfer',
      personId,
      enrollmentId,
      effectiveOn: '2026-08-01',
      unitId: class5A,
    });
    expect(outsideYear.json().errors[0]).toMatchObject({
      path: 'body.movements.0.unitId',
      code: 'unit_outside_year',
    });
    const earlyDraft = await draftWith('exit', {
      kind: 'exit',
      personId,
      enrollmentId,
      effectiveOn: '2026-08-15',
      exitReason: 'PARENTS_WISH',
    });
    expect(earlyDraft.statusCode, earlyDraft.body).toBe(201);
    const early = earlyDraft.json();
    const answer = await call(opA, 'POST', `/orders/${early.id}/sign`, { version: 1 });
    expect(answer.statusCode, answer.body).toBe(422);
    expect(answer.json().errors[0].path).toBe('body.movements.0.effectiveOn');
    expect(
      await q('SELECT count(*)::int AS n FROM placements WHERE enrollment_id = $1', [enrollmentId]),
    ).toEqual([{ n: 1 }]);
  });

  it('a full class needs a stated reason', async () => {
    const a = await enrolledLearner();
    const b = await enrolledLearner();
    const c = await enrolledLearner();
    const lines = [a, b, c].map((x) => ({
      kind: 'internal_transfer',
      personId: x.personId,
      enrollmentId: x.enrollmentId,
      effectiveOn: '2026-10-05',
      unitId: class5A,
    }));
    const full = await call(opA, 'POST', '/orders', {
      organizationId: schoolA,
      kind: 'transfer',
      number: '20',
      orderDate: '2026-10-05',
      movements: lines,
    });
    const refused = await call(opA, 'POST', `/orders/${full.json().id}/sign`, { version: 1 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((e: { code: string }) => e.code)).toContain('capacity_exceeded');
  });
});

describe('cancelling a signed order', () => {
  it('restores exactly what was there before an exit', async () => {
    const { personId, enrollmentId } = await enrolledLearner();
    const before = await historySnapshot(s, [personId]);
    const exit = await signedOrder(s, opA, {
      organizationId: schoolA,
      kind: 'exit',
      orderDate: '2026-11-02',
      movements: [
        { kind: 'exit', personId, enrollmentId, effectiveOn: '2026-11-02', exitReason: 'TRANSFER_ABROAD' },
      ],
    });
    expect((await q('SELECT ended_on FROM enrollments WHERE id = $1', [enrollmentId]))[0].ended_on).toBe(
      '2026-11-02',
    );
    const byOperator = await call(opA, 'POST', `/orders/${exit.id}/cancel`, {
      number: '30',
      orderDate: '2026-11-03',
      basis: 'Ошибка',
    });
    expect(byOperator.statusCode).toBe(403);
    const cancelled = await call(adminA, 'POST', `/orders/${exit.id}/cancel`, {
      number: '30',
      orderDate: '2026-11-03',
      basis: 'Ошибочно внесён',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(201);
    expect(cancelled.json()).toMatchObject({ kind: 'cancellation', cancelsOrder: { id: exit.id } });
    expect(await historySnapshot(s, [personId])).toEqual(before);
    const again = await call(adminA, 'POST', `/orders/${exit.id}/cancel`, {
      number: '31',
      orderDate: '2026-11-03',
      basis: 'Ещё раз',
    });
    expect(again.statusCode).toBe(409);
  });

  it('takes back the latest order first', async () => {
    const { personId, enrollmentId, orderId } = await enrolledLearner();
    await signedOrder(s, opA, {
      organizationId: schoolA,
      kind: 'transfer',
      orderDate: '2026-10-10',
      movements: [
        {
          kind: 'internal_transfer',
          personId,
          enrollmentId,
          effectiveOn: '2026-10-10',
          unitId: class5A,
          capacityReason: 'Решение директора',
        },
      ],
    });
    const first = await call(adminA, 'POST', `/orders/${orderId}/cancel`, {
      number: '32',
      orderDate: '2026-11-03',
      basis: 'Ошибка',
    });
    expect(first.statusCode).toBe(409);
    expect(first.json().errors[0].code).toBe('later_order');
  });
});

describe('a transfer to another school', () => {
  it('the receiving school enrolls the learner it expects, once; the sending side cannot take it back then', async () => {
    const { personId, enrollmentId } = await enrolledLearner();
    const out = await signedOrder(s, opA, {
      organizationId: schoolA,
      kind: 'exit',
      orderDate: '2026-11-09',
      movements: [
        {
          kind: 'transfer_out',
          personId,
          enrollmentId,
          effectiveOn: '2026-11-09',
          destinationOrganizationId: schoolB,
        },
      ],
    });
    const arrivalOf = out.movements[0]!.id;
    const arrival = await signedOrder(s, opB, {
      organizationId: schoolB,
      kind: 'enrollment',
      orderDate: '2026-11-10',
      movements: [
        enrollLine(personId, { programmeId: progB, unitId: class5B, effectiveOn: '2026-11-10', arrivalOf }),
      ],
    });
    expect(arrival.movements[0]!.enrollmentId).toBeTruthy();
    const twice = await call(opB, 'POST', '/orders', {
      organizationId: schoolB,
      kind: 'enrollment',
      number: '2',
      orderDate: '2026-11-10',
      movements: [
        enrollLine(personId, { programmeId: progB, unitId: class5B, effectiveOn: '2026-11-11', arrivalOf }),
      ],
    });
    const second = await call(opB, 'POST', `/orders/${twice.json().id}/sign`, { version: 1 });
    expect(second.statusCode).toBe(409);
    const back = await call(adminA, 'POST', `/orders/${out.id}/cancel`, {
      number: '33',
      orderDate: '2026-11-12',
      basis: 'Ошибка',
    });
    expect(back.statusCode).toBe(409);
    expect(back.json().errors[0].code).toBe('arrived');
  });
});

describe('one learner, two schools, one date', () => {
  it('concurrent enrollment orders leave exactly one general-education enrollment; the other answers 409', async () => {
    for (let round = 0; round < 5; round++) {
      const l = await createLearner(s, opA, schoolA);
      // The same child was also registered by the other school before orders (both records are legacy).
      await q(
        `INSERT INTO enrollments (person_id, organization_id, started_on) VALUES ($1, $2, '2024-09-01')`,
        [l.id, schoolB],
      );
      const a = (
        await call(opA, 'POST', '/orders', {
          organizationId: schoolA,
          kind: 'enrollment',
          number: `a${round}`,
          orderDate: '2026-09-01',
          movements: [enrollLine(l.id, { unitId: class6A })],
        })
      ).json();
      const b = (
        await call(opB, 'POST', '/orders', {
          organizationId: schoolB,
          kind: 'enrollment',
          number: `b${round}`,
          orderDate: '2026-09-01',
          movements: [enrollLine(l.id, { programmeId: progB, unitId: class5B })],
        })
      ).json();
      const answers = await Promise.all([
        call(opA, 'POST', `/orders/${a.id}/sign`, { version: 1 }),
        call(opB, 'POST', `/orders/${b.id}/sign`, { version: 1 }),
      ]);
      expect(answers.map((x) => x.statusCode).sort()).toEqual([200, 409]);
      const loser = answers.find((x) => x.statusCode === 409)!.json();
      expect(loser.errors[0]).toMatchObject({ path: 'body.movements.0', code: 'already_enrolled' });
      expect(loser.detail).toMatch(/уже зачислен/);
      const rows = await q(
        `SELECT count(*)::int AS n FROM enrollments WHERE person_id = $1 AND level IS NOT NULL`,
        [l.id],
      );
      expect(rows).toEqual([{ n: 1 }]);
    }
  });
});

describe('lawful destruction after the last exit', () => {
  it('is refused while the learner studies and works once the exit order is signed', async () => {
    const regional = await buildUser(s, 'regional_operator', await buildRegion(s));
    const { personId, enrollmentId } = await enrolledLearner();
    const body = { basis: 'subject_request', basisDetails: 'Заявление вх. № 7 от 01.12.2026', confirm: true };
    const refused = await call(regional, 'POST', `/persons/${personId}/destroy`, body);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].code).toBe('still_enrolled');
    await signedOrder(s, opA, {
      organizationId: schoolA,
      kind: 'exit',
      orderDate: '2026-11-20',
      movements: [
        { kind: 'exit', personId, enrollmentId, effectiveOn: '2026-11-20', exitReason: 'TRANSFER_ABROAD' },
      ],
    });
    const destroyed = await call(regional, 'POST', `/persons/${personId}/destroy`, body);
    expect(destroyed.statusCode, destroyed.body).toBe(201);
    expect(destroyed.json().actNumber).toMatch(/^УПД-/);
    // The signed orders stay as the organization's archive; the line now names a stub.
    expect(await q('SELECT count(*)::int AS n FROM movements WHERE person_id = $1', [personId])).toEqual([
      { n: 2 },
    ]);
  });
});
