import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildOrganization, buildUser, type TestUser } from '../support/factories.ts';
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
let mun: string;
let school: string;
let other: string;
let op: TestUser;
let admin: TestUser;
let otherOp: TestUser;
let munSpec: TestUser;
let y25: string;
let y26: string;

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  mun = await buildMunicipality(s);
  school = (await buildOrganization(s, { territoryId: mun })).id;
  other = (await buildOrganization(s, { territoryId: mun })).id;
  op = await buildUser(s, 'org_operator', school);
  admin = await buildUser(s, 'org_admin', school);
  otherOp = await buildUser(s, 'org_operator', other);
  munSpec = await buildUser(s, 'municipal_specialist', mun);
  y25 = await academicYear(s, '2025-09-01');
  y26 = await academicYear(s, '2026-09-01');
});
afterAll(() => s.stop());

/** A class of the closing year with learners enrolled by order on 2025-09-01. */
async function classWith(org: string, u: TestUser, name: string, grade: number, n: number) {
  const prog = await programme(s, org, grade <= 4 ? 'noo' : grade <= 9 ? 'ooo' : 'soo');
  const unitId = await unit(s, org, y25, name, { grade });
  const people = [];
  for (let i = 0; i < n; i++) people.push((await createLearner(s, u, org)).id);
  const o = await signedOrder(s, u, {
    organizationId: org,
    kind: 'enrollment',
    orderDate: '2025-09-01',
    movements: people.map((personId) => ({
      kind: 'enrollment',
      personId,
      effectiveOn: '2025-09-01',
      programmeId: prog,
      unitId,
    })),
  });
  return { unitId, people, enrollments: o.movements.map((m) => m.enrollmentId) };
}

const runBody = (over: Record<string, unknown> = {}) => ({
  organizationId: school,
  fromYearId: y25,
  toYearId: y26,
  effectiveOn: '2026-09-01',
  orderDate: '2026-08-31',
  number: '101-у',
  graduationNumber: '102-у',
  undoDeadline: '2027-06-01',
  ...over,
});

describe('year-end promotion of a school', () => {
  it('previews, promotes with the operator’s changes, graduates 9th grade, and is undone exactly', async () => {
    const fourth = await classWith(school, op, '4А', 4, 4);
    const ninth = await classWith(school, op, '9А', 9, 2);
    const repeatClass = await unit(s, school, y26, '4А', { grade: 4 });
    const all = [...fourth.people, ...ninth.people];
    const before = await historySnapshot(s, all);

    const preview = await call(op, 'POST', '/promotions/preview', {
      organizationId: school,
      fromYearId: y25,
      toYearId: y26,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const classes = preview.json().schools[0].classes;
    expect(
      classes.map((c: { name: string; target: { name: string } | null }) => [c.name, c.target?.name ?? null]),
    ).toEqual([
      ['4А', '5А'],
      ['9А', null],
    ]);
    expect(classes[1].learners.map((l: { outcome: string }) => l.outcome)).toEqual([
      'graduation',
      'graduation',
    ]);

    const [repeater, conditional, excluded] = fourth.enrollments;
    const res = await call(
      op,
      'POST',
      '/promotions',
      runBody({
        adjustments: [
          { enrollmentId: repeater, outcome: 'repeat', unitId: repeatClass },
          {
            enrollmentId: conditional,
            outcome: 'conditional',
            debtSubjects: ['Математика'],
            debtDeadline: '2026-10-15',
          },
          { enrollmentId: excluded, outcome: 'exclude' },
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    expect(run).toMatchObject({ promoted: 3, graduated: 2 });
    expect(run.orders.map((o: { kind: string }) => o.kind).sort()).toEqual(['graduation', 'promotion']);
    // The result page reopens the run; another school sees no such run, and a listing of it names none.
    const got = await call(op, 'GET', `/promotions/${run.id.toUpperCase()}`);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json()).toEqual(run);
    expect((await call(otherOp, 'GET', `/promotions/${run.id}`)).statusCode).toBe(404);
    expect((await call(op, 'GET', `/promotions/${run.id}%00`)).statusCode).toBe(400);
    const listed = await call(op, 'GET', `/promotions?organizationId=${school}`);
    expect(listed.json().items.map((r: { id: string }) => r.id)).toContain(run.id);
    const foreign = await call(otherOp, 'GET', `/promotions?organizationId=${school}`);
    expect(foreign.json().items).toEqual([]);

    const placed = await q(
      `SELECT e.id, u.name FROM placements p JOIN units u ON u.id = p.unit_id JOIN enrollments e ON e.id = p.enrollment_id
        WHERE e.id = ANY($1) AND p.valid_to IS NULL ORDER BY e.id`,
      [fourth.enrollments],
    );
    const unitOf = new Map(placed.map((r) => [r.id, r.name]));
    expect(unitOf.get(repeater)).toBe('4А');
    expect(unitOf.get(excluded)).toBe('4А'); // still this year's class: not moved by the run
    expect(unitOf.get(fourth.enrollments[3]!)).toBe('5А');
    // After the 4th grade the enrollment moves from НОО onto the school's ООО programme with its class.
    expect(await q(`SELECT level FROM enrollments WHERE id = $1`, [fourth.enrollments[3]])).toEqual([
      { level: 'ooo' },
    ]);
    expect(await q(`SELECT level FROM enrollments WHERE id = $1`, [repeater])).toEqual([{ level: 'noo' }]);
    expect(
      await q(`SELECT status FROM enrollment_status_periods WHERE enrollment_id = $1 AND valid_to IS NULL`, [
        conditional,
      ]),
    ).toEqual([{ status: 'conditional_promotion' }]);
    expect(
      await q(`SELECT DISTINCT ended_on FROM enrollments WHERE id = ANY($1)`, [ninth.enrollments]),
    ).toEqual([{ ended_on: '2026-09-01' }]);
    const again = await call(op, 'POST', '/promotions', runBody({ adjustments: [] }));
    // The learner left out is still in this year's class; the order numbers are taken by the run.
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0]).toMatchObject({ path: 'body.number', code: 'duplicate' });

    expect(
      (
        await call(op, 'POST', `/promotions/${run.id}/undo`, {
          number: '103',
          orderDate: '2026-09-02',
          basis: 'Ошибка',
        })
      ).statusCode,
    ).toBe(403);
    const undo = await call(admin, 'POST', `/promotions/${run.id}/undo`, {
      number: '103',
      orderDate: '2026-09-02',
      basis: 'Ошибка',
    });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().orders.every((o: { state: string }) => o.state === 'cancelled')).toBe(true);
    expect(await historySnapshot(s, all)).toEqual(before);
    const twice = await call(admin, 'POST', `/promotions/${run.id}/undo`, {
      number: '104',
      orderDate: '2026-09-02',
      basis: 'Ещё',
    });
    expect(twice.json().errors[0].code).toBe('already_undone');
  });

  it('another school and bad parameters are refused; the municipality promotes all its schools at once', async () => {
    expect(
      (
        await call(otherOp, 'POST', '/promotions/preview', {
          organizationId: school,
          fromYearId: y25,
          toYearId: y26,
        })
      ).statusCode,
    ).toBe(403);
    const backwards = await call(op, 'POST', '/promotions', runBody({ fromYearId: y26, toYearId: y25 }));
    expect(backwards.json().errors[0]).toMatchObject({ path: 'body.toYearId', code: 'dates_out_of_order' });
    const outside = await call(op, 'POST', '/promotions', runBody({ effectiveOn: '2026-06-01' }));
    expect(outside.json().errors.map((e: { path: string }) => e.path)).toContain('body.effectiveOn');
    const stranger = await call(
      op,
      'POST',
      '/promotions',
      runBody({ adjustments: [{ enrollmentId: crypto.randomUUID(), outcome: 'repeat' }] }),
    );
    expect(stranger.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.adjustments.0.enrollmentId',
      'body.adjustments.0.unitId',
    ]);

    const mine = await classWith(other, otherOp, '7Б', 7, 2);
    const res = await call(
      munSpec,
      'POST',
      '/promotions',
      runBody({
        organizationId: undefined,
        territoryId: mun,
        undoDeadline: '2026-09-01',
        number: '201-у',
        graduationNumber: '202-у',
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    expect(new Set(run.orders.map((o: { organizationId: string }) => o.organizationId))).toEqual(
      new Set([school, other]),
    );
    expect(
      await q(
        `SELECT u.name FROM placements p JOIN units u ON u.id = p.unit_id WHERE p.enrollment_id = ANY($1) AND p.valid_to IS NULL`,
        [mine.enrollments],
      ),
    ).toEqual([{ name: '8Б' }, { name: '8Б' }]);
    const late = await call(munSpec, 'POST', `/promotions/${run.id}/undo`, {
      number: '1',
      orderDate: '2026-12-01',
      basis: 'Поздно',
    });
    expect(late.json().errors[0].code).toBe('deadline_passed');
    const nobody = await call(
      otherOp,
      'POST',
      '/promotions',
      runBody({ organizationId: other, number: '301-у', graduationNumber: '302-у' }),
    );
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().errors[0].code).toBe('nothing_to_promote');
  });
});
