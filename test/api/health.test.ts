import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let orgA: string;
let operatorA: TestUser;
let medicA: TestUser;
let medicB: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  const mun = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: mun })).id;
  const orgB = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  operatorA = await buildUser(s, 'org_operator', orgA);
  medicA = await buildUser(s, 'org_operator', orgA, { healthAccess: true });
  medicB = await buildUser(s, 'org_operator', orgB, { healthAccess: true });
});
afterAll(() => s.stop());

const url = (id: string) => `/api/v1/persons/${id}/health`;
const get = (u: TestUser | null, id: string) =>
  s.app.inject({ method: 'GET', url: url(id), headers: u?.headers ?? {} });
const put = (u: TestUser | null, id: string, payload: Record<string, unknown>) =>
  s.app.inject({ method: 'PUT', url: url(id), headers: u?.headers ?? {}, payload });
const paths = (res: { json: () => { errors: { path: string }[] } }) => res.json().errors.map((e) => e.path);

/** A learner of organization A with a mother linked as legal representative. */
const learnerWithParent = (learner: Record<string, unknown> = {}) =>
  createLearnerWithParent(s, operatorA, orgA, {
    learner,
    parent: { lastName: 'Здоровцева', firstName: 'Ольга', middleName: 'Павловна' },
  });

async function giveHealthConsent(learnerId: string, parentId: string, scope?: string[]) {
  const res = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${learnerId}/consents`,
    headers: operatorA.headers,
    payload: {
      purpose: 'health_data',
      scope: scope ?? ['health_group', 'pe_group', 'disability', 'special_needs', 'long_term_treatment'],
      givenOn: '2024-09-01',
      representativeId: parentId,
      document: 'Согласие от 01.09.2024',
    },
  });
  if (res.statusCode !== 201) throw new Error(`consent: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

const fullRecord = (version: number) => ({
  version,
  healthGroup: 3,
  peGroup: 'special_a',
  needsAdaptedProgram: true,
  longTermTreatment: 'home_schooling',
  disabilities: [
    {
      category: 'child',
      validFrom: '2021-03-01',
      validUntil: '2027-03-01',
      cause: 'Заболевание',
      ipraNumber: '1234.5.38/2021',
      ipraDate: '2021-04-15',
    },
  ],
  specialNeeds: [
    {
      pmpkDate: '2022-05-20',
      pmpkNumber: '451-П',
      recommendedProgram: 'АООП НОО, вариант 7.2',
      validUntil: '2026-05-31',
    },
  ],
});

describe('health record access', () => {
  it('refuses anonymous callers with 401', async () => {
    const { learner } = await learnerWithParent();
    expect((await get(null, learner.id)).statusCode).toBe(401);
    expect((await put(null, learner.id, fullRecord(0))).statusCode).toBe(401);
  });

  it('refuses an operator without the health permission with 403, audited as denied', async () => {
    const { learner } = await learnerWithParent();
    const res = await get(operatorA, learner.id);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    const denied = await auditRows(
      s,
      `action = 'health.read' AND outcome = 'denied' AND actor_user_id = $1`,
      [operatorA.id],
    );
    expect(denied.length).toBeGreaterThanOrEqual(1);
    expect(denied.at(-1).details.route).toBe('/api/v1/persons/:id/health');
    const write = await put(operatorA, learner.id, fullRecord(0));
    expect(write.statusCode).toBe(403);
    expect(
      await auditRows(s, `action = 'health.write' AND outcome = 'denied' AND actor_user_id = $1`, [
        operatorA.id,
      ]),
    ).toHaveLength(1);
  });

  it('answers 404 for a person out of scope, audited, on read and write', async () => {
    const { learner, parentId } = await learnerWithParent();
    await giveHealthConsent(learner.id, parentId);
    const res = await get(medicB, learner.id);
    expect(res.statusCode).toBe(404);
    const absent = await get(medicB, '00000000-0000-4000-8000-000000000000');
    expect(res.json().detail).toBe(absent.json().detail);
    expect(
      await auditRows(s, `action = 'health.read' AND outcome = 'denied' AND object_id = $1`, [learner.id]),
    ).toHaveLength(1);
    expect((await put(medicB, learner.id, fullRecord(0))).statusCode).toBe(404);
    expect(
      await auditRows(s, `action = 'health.write' AND outcome = 'denied' AND object_id = $1`, [learner.id]),
    ).toHaveLength(1);
    const stored = await s.owner.query('SELECT 1 FROM person_health WHERE person_id = $1', [learner.id]);
    expect(stored.rowCount).toBe(0);
  });

  it('reads an empty record as version 0 and audits the read with the person as subject', async () => {
    const { learner } = await learnerWithParent();
    const res = await get(medicA, learner.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      personId: learner.id,
      version: 0,
      healthGroup: null,
      peGroup: null,
      needsAdaptedProgram: false,
      longTermTreatment: null,
      disabilities: [],
      specialNeeds: [],
    });
    const rows = await auditRows(s, `action = 'health.read' AND outcome = 'success' AND object_id = $1`, [
      learner.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].subject_ids).toEqual([learner.id]);
  });
});

describe('health record and consent', () => {
  it('needs a consent to write; given it writes with history and audit; revoked it refuses again', async () => {
    const { learner, parentId } = await learnerWithParent();
    const refused = await put(medicA, learner.id, fullRecord(0));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('consent_required');
    expect(refused.json().detail).toMatch(/согласи/);
    expect(
      await auditRows(s, `action = 'health.write' AND outcome = 'denied' AND object_id = $1`, [learner.id]),
    ).toHaveLength(1);

    const consentId = await giveHealthConsent(learner.id, parentId);
    const ok = await put(medicA, learner.id, fullRecord(0));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      personId: learner.id,
      version: 1,
      healthGroup: 3,
      peGroup: 'special_a',
      needsAdaptedProgram: true,
      longTermTreatment: 'home_schooling',
      disabilities: [
        { category: 'child', group: null, ipraNumber: '1234.5.38/2021', validFrom: '2021-03-01' },
      ],
      specialNeeds: [{ pmpkNumber: '451-П', pmpkDate: '2022-05-20', validUntil: '2026-05-31' }],
    });
    const history = await s.owner.query(
      `SELECT version, action, changes, snapshot FROM change_history
        WHERE entity_type = 'person_health' AND entity_id = $1`,
      [learner.id],
    );
    expect(history.rows).toHaveLength(1);
    expect(history.rows[0]).toMatchObject({ version: 1, action: 'create' });
    expect(history.rows[0].snapshot.specialNeeds[0].pmpkNumber).toBe('451-П');
    const written = await auditRows(s, `action = 'health.write' AND outcome = 'success' AND object_id = $1`, [
      learner.id,
    ]);
    expect(written).toHaveLength(1);
    expect(written[0].subject_ids).toEqual([learner.id]);
    expect(JSON.stringify(written[0].details)).not.toContain('451-П');
    expect(written[0].details.fields).toContain('specialNeeds');

    const revoke = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${learner.id}/consents/${consentId}/revoke`,
      headers: operatorA.headers,
      payload: { revokedOn: new Date().toISOString().slice(0, 10), reason: 'Заявление родителя' },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const again = await put(medicA, learner.id, { ...fullRecord(1), healthGroup: 2 });
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('consent_required');
    const kept = await get(medicA, learner.id);
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ version: 1, healthGroup: 3 });
  });

  it('refuses categories the consent does not cover, naming the fields', async () => {
    const { learner, parentId } = await learnerWithParent();
    await giveHealthConsent(learner.id, parentId, ['health_group', 'pe_group']);
    const res = await put(medicA, learner.id, fullRecord(0));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('consent_required');
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'body.disabilities',
        'body.specialNeeds',
        'body.needsAdaptedProgram',
        'body.longTermTreatment',
      ]),
    );
    expect(paths(res)).not.toContain('body.healthGroup');
    const narrow = await put(medicA, learner.id, { version: 0, healthGroup: 2, peGroup: 'main' });
    expect(narrow.statusCode, narrow.body).toBe(200);
    expect(narrow.json()).toMatchObject({ version: 1, healthGroup: 2, peGroup: 'main', disabilities: [] });
  });

  it('replaces the lists under optimistic locking; a stale or duplicate first write gets 409', async () => {
    const { learner, parentId } = await learnerWithParent();
    await giveHealthConsent(learner.id, parentId);
    const first = await Promise.all([
      put(medicA, learner.id, fullRecord(0)),
      put(medicA, learner.id, fullRecord(0)),
    ]);
    expect(first.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(first.find((r) => r.statusCode === 409)!.json()).toMatchObject({
      code: 'conflict_version',
      currentVersion: 1,
    });
    const second = await put(medicA, learner.id, {
      ...fullRecord(1),
      disabilities: [],
      specialNeeds: [
        { pmpkDate: '2023-01-10', pmpkNumber: '12-А' },
        { pmpkDate: '2024-02-11', pmpkNumber: '77-Б', recommendedProgram: 'АОП ООО' },
      ],
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().version).toBe(2);
    expect(second.json().disabilities).toEqual([]);
    expect(second.json().specialNeeds.map((n: { pmpkNumber: string }) => n.pmpkNumber)).toEqual([
      '12-А',
      '77-Б',
    ]);
    const rows = await s.owner.query(
      'SELECT count(*)::int AS n FROM person_disabilities WHERE person_id = $1',
      [learner.id],
    );
    expect(rows.rows[0].n).toBe(0);
    const read = (await get(medicA, learner.id)).json();
    const roundTrip = await put(medicA, learner.id, { ...read, healthGroup: 1 });
    expect(roundTrip.statusCode, roundTrip.body).toBe(200);
    expect(roundTrip.json()).toMatchObject({ version: 3, healthGroup: 1 });
    expect(roundTrip.json().specialNeeds.map((n: { pmpkNumber: string }) => n.pmpkNumber)).toEqual([
      '12-А',
      '77-Б',
    ]);
    const stale = await put(medicA, learner.id, fullRecord(1));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict_version');
    const history = await s.owner.query(
      `SELECT version, action, changes FROM change_history
        WHERE entity_type = 'person_health' AND entity_id = $1 ORDER BY version`,
      [learner.id],
    );
    expect(history.rows.map((h) => [h.version, h.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
      [3, 'update'],
    ]);
    expect(history.rows[1].changes.map((c: { field: string }) => c.field).sort()).toEqual([
      'disabilities',
      'specialNeeds',
    ]);
    // Rows are re-created on every write; history compares values, not row ids.
    expect(history.rows[2].changes.map((c: { field: string }) => c.field)).toEqual(['healthGroup']);
  });

  it('rejects bad input with Russian messages and field paths', async () => {
    const { learner, parentId } = await learnerWithParent({ birthDate: '2015-06-01' });
    await giveHealthConsent(learner.id, parentId);
    const base = fullRecord(0);
    const disability = base.disabilities[0]!;
    const need = base.specialNeeds[0]!;
    const cases: [Record<string, unknown>, string][] = [
      [{ healthGroup: 6 }, 'body.healthGroup'],
      [{ peGroup: 'olympic' }, 'body.peGroup'],
      [{ specialNeeds: [{ ...need, pmpkDate: '2999-01-01' }] }, 'body.specialNeeds.0.pmpkDate'],
      [{ specialNeeds: [{ ...need, pmpkDate: '2014-01-01' }] }, 'body.specialNeeds.0.pmpkDate'],
      [{ specialNeeds: [{ ...need, validUntil: '2020-01-01' }] }, 'body.specialNeeds.0.validUntil'],
      [{ specialNeeds: [{ pmpkDate: '2022-05-20' }] }, 'body.specialNeeds.0.pmpkNumber'],
      [{ disabilities: [{ ...disability, validUntil: '2020-01-01' }] }, 'body.disabilities.0.validUntil'],
      [{ disabilities: [{ ...disability, group: 2 }] }, 'body.disabilities.0.group'],
      [{ disabilities: [{ ...disability, category: 'adult', group: 2 }] }, 'body.disabilities.0.category'],
      [{ disabilities: [{ ...disability, category: 'adult' }] }, 'body.disabilities.0.group'],
      [{ disabilities: [{ ...disability, validFrom: '2015-01-01' }] }, 'body.disabilities.0.validFrom'],
      [{ disabilities: [{ ...disability, ipraDate: '2999-01-01' }] }, 'body.disabilities.0.ipraDate'],
      [{ unknown: 1 }, 'body.unknown'],
      [{ version: -1 }, 'body.version'],
    ];
    for (const [over, path] of cases) {
      const res = await put(medicA, learner.id, { ...base, ...over });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(paths(res), path).toContain(path);
      const problem = res.json().errors.find((e: { path: string }) => e.path === path);
      expect(problem.message, path).toMatch(/[А-Яа-я]/);
    }
    expect((await get(medicA, learner.id)).json().version).toBe(0);
  });
});

describe('health write robustness', () => {
  it('answers random and mutated payloads with a 4xx problem, never a 500', async () => {
    const { learner, parentId } = await learnerWithParent();
    await giveHealthConsent(learner.id, parentId);
    const junk = fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.string({ maxLength: 80 }),
      fc.integer(),
      fc.constant(null),
    );
    const mutated = fc.tuple(fc.nat(), junk, fc.nat(), junk).map(([i, v, j, w]) => {
      const b = fullRecord(0) as Record<string, unknown>;
      const keys = Object.keys(b);
      const d = { ...(b.disabilities as Record<string, unknown>[])[0]! };
      const dk = Object.keys(d);
      d[dk[j % dk.length]!] = w;
      return { ...b, disabilities: [d], [keys[i % keys.length]!]: v };
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 3 }), mutated), async (payload) => {
        const res = await s.app.inject({
          method: 'PUT',
          url: url(learner.id),
          headers: { ...medicA.headers, 'content-type': 'application/json' },
          payload: JSON.stringify(payload) ?? 'null',
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.headers['content-type']).toMatch(/problem\+json/);
          expect(res.json().detail).toMatch(/[А-Яа-яЁё]/);
        }
      }),
      { numRuns: 150 },
    );
  });
});
