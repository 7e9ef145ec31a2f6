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

// Random sequences of orders and cancellations (issue 10): a cancellation restores the learners'
// history exactly as it was before the order, and an order that is refused leaves no trace at all.
let s: TestServer;
let call: ReturnType<typeof api>['call'];
const SEED = Number(process.env.ORDERS_PROPERTY_SEED ?? 20261203);
const STEPS = 80;

type School = { id: string; op: TestUser; admin: TestUser; programme: string; units: string[] };
let a: School;
let b: School;

function prng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function school(m: string, year: string, letter: string): Promise<School> {
  const id = (await buildOrganization(s, { territoryId: m })).id;
  const units = [];
  for (const g of [5, 6, 7]) units.push(await unit(s, id, year, `${g}${letter}`, { grade: g, capacity: 40 }));
  return {
    id,
    op: await buildUser(s, 'org_operator', id),
    admin: await buildUser(s, 'org_admin', id),
    programme: await programme(s, id, 'ooo'),
    units,
  };
}

beforeAll(async () => {
  s = await startTestServer();
  call = api(s).call;
  const m = await buildMunicipality(s);
  const year = await academicYear(s, '2026-09-01');
  a = await school(m, year, 'А');
  b = await school(m, year, 'Б');
});
afterAll(() => s.stop());

const day = (n: number) => new Date(Date.UTC(2026, 8, 2 + n)).toISOString().slice(0, 10);

describe('random orders and their cancellations', () => {
  it(`restore exactly the state before the cancelled order (seed ${SEED}, ${STEPS} steps)`, async () => {
    const rnd = prng(SEED);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const learners: string[] = [];
    for (let i = 0; i < 6; i++) learners.push((await createLearner(s, a.op, a.id)).id);
    await signedOrder(s, a.op, {
      organizationId: a.id,
      kind: 'enrollment',
      orderDate: '2026-09-01',
      movements: learners.map((personId) => ({
        kind: 'enrollment',
        personId,
        effectiveOn: '2026-09-01',
        programmeId: a.programme,
        unitId: a.units[0],
      })),
    });
    // Signed orders not yet cancelled, each with the learners' history just before it.
    const signed: { id: string; school: School; persons: string[]; before: unknown }[] = [];
    const enrollmentOf = async (personId: string) =>
      (
        await s.owner.query(
          `SELECT e.id, e.organization_id FROM enrollments e WHERE e.person_id = $1 AND e.ended_on IS NULL
            AND e.level IS NOT NULL`,
          [personId],
        )
      ).rows[0] as { id: string; organization_id: string } | undefined;
    const counts = { signed: 0, refused: 0, cancelled: 0, blocked: 0 };

    for (let step = 0; step < STEPS; step++) {
      const on = day(step);
      if (signed.length > 0 && rnd() < 0.3) {
        const target = pick(signed);
        const before = await historySnapshot(s, target.persons);
        const res = await call(target.school.admin, 'POST', `/orders/${target.id}/cancel`, {
          number: `c${step}`,
          orderDate: on,
          basis: 'Проверка',
        });
        if (res.statusCode === 201) {
          counts.cancelled++;
          expect(await historySnapshot(s, target.persons), `cancel at step ${step}`).toEqual(target.before);
          signed.splice(signed.indexOf(target), 1);
        } else {
          counts.blocked++;
          expect(res.statusCode, res.body).toBe(409);
          expect(['later_order', 'arrived', 'already_enrolled']).toContain(res.json().errors?.[0]?.code);
          expect(await historySnapshot(s, target.persons)).toEqual(before);
        }
        continue;
      }
      const personId = pick(learners);
      const current = await enrollmentOf(personId);
      const sch = current?.organization_id === b.id ? b : a;
      let body: Record<string, unknown>;
      let persons = [personId];
      if (!current) {
        const to = pick([a, b]);
        body = {
          organizationId: to.id,
          kind: 'enrollment',
          movements: [
            {
              kind: 'enrollment',
              personId,
              effectiveOn: on,
              programmeId: to.programme,
              unitId: pick(to.units),
            },
          ],
        };
        const r = await call(to.op, 'POST', '/orders', { number: `n${step}`, orderDate: on, ...body });
        if (r.statusCode === 400) {
          // A learner who left the school more than the grace period ago is no longer its to enroll.
          expect(r.json().errors[0]).toMatchObject({ path: 'body.movements.0.personId', code: 'not_found' });
          counts.refused++;
          continue;
        }
        expect(r.statusCode, r.body).toBe(201);
        await signAndRecord(r.json(), to, persons, step);
        continue;
      }
      const e = current.id;
      const kind = pick(['transfer', 'promotion', 'exit', 'transfer_out', 'transfer']);
      if (kind === 'transfer')
        body = {
          kind: 'transfer',
          movements: [
            {
              kind: 'internal_transfer',
              personId,
              enrollmentId: e,
              effectiveOn: on,
              unitId: pick(sch.units),
            },
          ],
        };
      else if (kind === 'promotion')
        body = {
          kind: 'promotion',
          movements: [
            rnd() < 0.5
              ? {
                  kind: 'promotion',
                  personId,
                  enrollmentId: e,
                  effectiveOn: on,
                  promotionType: 'normal',
                  unitId: pick(sch.units),
                }
              : {
                  kind: 'promotion',
                  personId,
                  enrollmentId: e,
                  effectiveOn: on,
                  promotionType: 'conditional',
                  unitId: pick(sch.units),
                  debtSubjects: ['Математика'],
                  debtDeadline: day(step + 30),
                },
          ],
        };
      else if (kind === 'exit')
        body = {
          kind: 'exit',
          movements: [
            {
              kind: 'exit',
              personId,
              enrollmentId: e,
              effectiveOn: on,
              exitReason: pick(['PARENTS_WISH', 'TRANSFER_ABROAD', 'FAMILY_EDUCATION']),
            },
          ],
        };
      else {
        // A transfer to the other school, which then receives the learner the next day.
        const other = sch === a ? b : a;
        const out = await call(sch.op, 'POST', '/orders', {
          organizationId: sch.id,
          number: `t${step}`,
          orderDate: on,
          kind: 'exit',
          movements: [
            {
              kind: 'transfer_out',
              personId,
              enrollmentId: e,
              effectiveOn: on,
              destinationOrganizationId: other.id,
            },
          ],
        });
        expect(out.statusCode, out.body).toBe(201);
        const sent = await signAndRecord(out.json(), sch, persons, step);
        if (!sent) continue;
        persons = [personId];
        const arrival = await call(other.op, 'POST', '/orders', {
          organizationId: other.id,
          number: `r${step}`,
          orderDate: day(step + 1),
          kind: 'enrollment',
          movements: [
            {
              kind: 'enrollment',
              personId,
              effectiveOn: day(step + 1),
              programmeId: other.programme,
              unitId: pick(other.units),
              arrivalOf: sent.movements[0].id,
            },
          ],
        });
        expect(arrival.statusCode, arrival.body).toBe(201);
        await signAndRecord(arrival.json(), other, persons, step);
        continue;
      }
      const r = await call(sch.op, 'POST', '/orders', {
        organizationId: sch.id,
        number: `o${step}`,
        orderDate: on,
        ...body,
      });
      expect(r.statusCode, r.body).toBe(201);
      await signAndRecord(r.json(), sch, persons, step);
    }

    async function signAndRecord(draft: { id: string }, sch: School, persons: string[], step: number) {
      const before = await historySnapshot(s, persons);
      const res = await call(sch.op, 'POST', `/orders/${draft.id}/sign`, { version: 1 });
      if (res.statusCode === 200) {
        counts.signed++;
        signed.push({ id: draft.id, school: sch, persons, before });
        return res.json();
      }
      counts.refused++;
      expect([409, 422], `${step}: ${res.body}`).toContain(res.statusCode);
      expect(await historySnapshot(s, persons), `refused order at step ${step} left a trace`).toEqual(before);
      return null;
    }

    // The sequence exercised every path, not only the easy one.
    expect(counts.signed).toBeGreaterThan(20);
    expect(counts.cancelled).toBeGreaterThan(3);
    expect(counts.blocked).toBeGreaterThan(0);
    // The derived dates agree with the periods for every enrollment the sequence touched.
    const drift = await s.owner.query(
      `SELECT e.id FROM enrollments e,
              LATERAL (SELECT min(valid_from) AS s, min(valid_from) FILTER (WHERE status = 'exited') AS x
                         FROM enrollment_status_periods p WHERE p.enrollment_id = e.id) d
        WHERE e.person_id = ANY($1) AND (e.started_on, e.ended_on) IS DISTINCT FROM (d.s, d.x)`,
      [learners],
    );
    expect(drift.rows).toEqual([]);
  });
});
