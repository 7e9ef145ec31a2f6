import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
import { academicYear, api, programme, signedOrder, unit } from '../support/order-factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let call: ReturnType<typeof api>['call'];
let schoolA: string;
let schoolB: string;
let farSchool: string;
let opA: TestUser;
let opB: TestUser;
let farOp: TestUser;
let munSpec: TestUser;
let farMun: TestUser;
let progA: string;
let progB: string;
let unitA: string;
let unitB: string;

beforeAll(async () => {
  // Two working days allowed, so a transfer dated weeks ago is overdue and one dated today is not.
  s = await startTestServer({ TRANSFER_ARRIVAL_WORKING_DAYS: '2' });
  call = api(s).call;
  const m = await buildMunicipality(s);
  const far = await buildMunicipality(s);
  schoolA = (await buildOrganization(s, { territoryId: m })).id;
  schoolB = (await buildOrganization(s, { territoryId: m })).id;
  farSchool = (await buildOrganization(s, { territoryId: far })).id;
  opA = await buildUser(s, 'org_operator', schoolA);
  opB = await buildUser(s, 'org_operator', schoolB);
  farOp = await buildUser(s, 'org_operator', farSchool);
  munSpec = await buildUser(s, 'municipal_specialist', m);
  farMun = await buildUser(s, 'municipal_specialist', far);
  const year = await academicYear(s, '2026-09-01');
  progA = await programme(s, schoolA, 'noo');
  progB = await programme(s, schoolB, 'noo');
  unitA = await unit(s, schoolA, year, '3А', { grade: 3 });
  unitB = await unit(s, schoolB, year, '3Б', { grade: 3 });
});
afterAll(() => s.stop());

async function transferred(effectiveOn: string) {
  const l = await createLearner(s, opA, schoolA);
  const enrolled = await signedOrder(s, opA, {
    organizationId: schoolA,
    kind: 'enrollment',
    orderDate: '2026-09-01',
    movements: [
      { kind: 'enrollment', personId: l.id, effectiveOn: '2026-09-01', programmeId: progA, unitId: unitA },
    ],
  });
  const out = await signedOrder(s, opA, {
    organizationId: schoolA,
    kind: 'exit',
    orderDate: effectiveOn,
    movements: [
      {
        kind: 'transfer_out',
        personId: l.id,
        enrollmentId: enrolled.movements[0]!.enrollmentId,
        effectiveOn,
        destinationOrganizationId: schoolB,
      },
    ],
  });
  return { personId: l.id, movementId: out.movements[0]!.id };
}

describe('a transfer between schools', () => {
  it('shows the learner to the receiving school as expected, until it enrolls them', async () => {
    const t = await transferred('2026-10-05');
    const before = await call(opB, 'GET', `/organizations/${schoolB}/expected-arrivals`);
    expect(before.statusCode).toBe(200);
    const item = before.json().items.find((i: { movementId: string }) => i.movementId === t.movementId);
    expect(item).toMatchObject({
      person: { id: t.personId },
      from: { id: schoolA },
      lastUnit: '3А',
      overdue: true,
    });
    // The card itself stays closed to the receiving school until the enrollment is signed.
    expect((await call(opB, 'GET', `/persons/${t.personId}`)).statusCode).toBe(404);
    expect((await call(farOp, 'GET', `/organizations/${schoolB}/expected-arrivals`)).statusCode).toBe(403);

    await signedOrder(s, opB, {
      organizationId: schoolB,
      kind: 'enrollment',
      orderDate: '2026-10-06',
      movements: [
        {
          kind: 'enrollment',
          personId: t.personId,
          effectiveOn: '2026-10-06',
          programmeId: progB,
          unitId: unitB,
          arrivalOf: t.movementId,
        },
      ],
    });
    const after = await call(opB, 'GET', `/organizations/${schoolB}/expected-arrivals`);
    expect(after.json().items.map((i: { movementId: string }) => i.movementId)).not.toContain(t.movementId);
    expect((await call(opB, 'GET', `/persons/${t.personId}`)).statusCode).toBe(200);

    const path = await call(opB, 'GET', `/persons/${t.personId}/trajectory`);
    expect(path.statusCode).toBe(200);
    const tr = path.json();
    expect(
      tr.enrollments.map((e: { organization: { id: string }; endedOn: string | null }) => [
        e.organization.id,
        e.endedOn,
      ]),
    ).toEqual([
      [schoolA, '2026-10-05'],
      [schoolB, null],
    ]);
    expect(tr.movements.map((m: { kind: string }) => m.kind)).toEqual([
      'enrollment',
      'transfer_out',
      'enrollment',
    ]);
    expect((await call(farOp, 'GET', `/persons/${t.personId}/trajectory`)).statusCode).toBe(404);
  });

  it('flags «выбыл и не прибыл» for the municipality after the allowed working days only', async () => {
    const late = await transferred('2026-10-12');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Irkutsk' }).format(new Date());
    const fresh = await transferred(today);
    const list = await call(munSpec, 'GET', '/transfers/not-arrived');
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((i: { movementId: string }) => i.movementId);
    expect(ids).toContain(late.movementId);
    expect(ids).not.toContain(fresh.movementId);
    const elsewhere = await call(farMun, 'GET', '/transfers/not-arrived');
    expect(elsewhere.json().items.map((i: { movementId: string }) => i.movementId)).not.toContain(
      late.movementId,
    );
    expect((await call(opA, 'GET', '/transfers/not-arrived')).statusCode).toBe(403);
  });
});

describe('late entries', () => {
  it('shows the municipality which schools enter orders later than one working day, naming no learner', async () => {
    await transferred('2026-10-19');
    const res = await call(munSpec, 'GET', '/orders/late-entries?from=2026-09-01&to=2026-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json().items.find((i: { organization: { id: string } }) => i.organization.id === schoolA);
    // Orders dated in September–October, entered in December.
    expect(a.lateLines).toBeGreaterThan(0);
    expect(a.maxLagWorkingDays).toBeGreaterThan(20);
    expect(JSON.stringify(res.json())).not.toMatch(/lastName/);
    const far = await call(farMun, 'GET', '/orders/late-entries?from=2026-09-01&to=2026-12-31');
    expect(far.json().items.map((i: { organization: { id: string } }) => i.organization.id)).not.toContain(
      schoolA,
    );
  });
});
