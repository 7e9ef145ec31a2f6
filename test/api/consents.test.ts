import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_PURPOSES, fullYears } from '../../src/common/consent-purposes.ts';
import { hasActiveConsent } from '../../src/server/modules/consents/consent-check.ts';
import {
  auditRows,
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, createLearnerWithParent } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let orgA: string;
let operatorA: TestUser;
let operatorB: TestUser;
let analyst: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  const mun = await buildMunicipality(s);
  orgA = (await buildOrganization(s, { territoryId: mun })).id;
  const orgB = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  operatorA = await buildUser(s, 'org_operator', orgA);
  operatorB = await buildUser(s, 'org_operator', orgB);
  analyst = await buildUser(s, 'analyst', await buildRegion(s));
});
afterAll(() => s.stop());

const base = (id: string) => `/api/v1/persons/${id}/consents`;
const list = (u: TestUser | null, id: string) =>
  s.app.inject({ method: 'GET', url: base(id), headers: u?.headers ?? {} });
const give = (u: TestUser | null, id: string, payload: Record<string, unknown>) =>
  s.app.inject({ method: 'POST', url: base(id), headers: u?.headers ?? {}, payload });
const revoke = (u: TestUser | null, id: string, consentId: string, payload: Record<string, unknown>) =>
  s.app.inject({
    method: 'POST',
    url: `${base(id)}/${consentId}/revoke`,
    headers: u?.headers ?? {},
    payload,
  });
const paths = (res: { json: () => { errors: { path: string }[] } }) => res.json().errors.map((e) => e.path);

const learnerWithParent = (learner: Record<string, unknown> = {}) =>
  createLearnerWithParent(s, operatorA, orgA, {
    relation: 'father',
    learner,
    parent: { lastName: 'Согласов', firstName: 'Игорь', middleName: 'Петрович' },
  });

const healthConsent = (representativeId?: string) => ({
  purpose: 'health_data',
  scope: ['health_group', 'disability'],
  givenOn: '2024-09-02',
  document: 'Заявление № 17',
  ...(representativeId ? { representativeId } : {}),
});

describe('consents: access', () => {
  it('refuses anonymous callers with 401 on every route', async () => {
    const { learner } = await learnerWithParent();
    expect((await list(null, learner.id)).statusCode).toBe(401);
    expect((await give(null, learner.id, healthConsent())).statusCode).toBe(401);
    const r = await revoke(null, learner.id, '00000000-0000-4000-8000-000000000000', {
      revokedOn: '2025-01-01',
    });
    expect(r.statusCode).toBe(401);
  });

  it('refuses roles without the consent permission with 403, audited as denied', async () => {
    const { learner, parentId } = await learnerWithParent();
    expect((await list(analyst, learner.id)).statusCode).toBe(403);
    expect((await give(analyst, learner.id, healthConsent(parentId))).statusCode).toBe(403);
    const r = await revoke(analyst, learner.id, '00000000-0000-4000-8000-000000000000', {
      revokedOn: '2025-01-01',
    });
    expect(r.statusCode).toBe(403);
    const denied = await auditRows(s, `outcome = 'denied' AND actor_user_id = $1`, [analyst.id]);
    expect(denied.map((d) => d.action)).toEqual(['consent.read', 'consent.write', 'consent.write']);
  });

  it('answers 404 for a person out of scope on every route, audited', async () => {
    const { learner, parentId } = await learnerWithParent();
    const c = (await give(operatorA, learner.id, healthConsent(parentId))).json();
    expect((await list(operatorB, learner.id)).statusCode).toBe(404);
    expect((await give(operatorB, learner.id, healthConsent(parentId))).statusCode).toBe(404);
    expect((await revoke(operatorB, learner.id, c.id, { revokedOn: '2025-01-01' })).statusCode).toBe(404);
    const denied = await auditRows(s, `outcome = 'denied' AND object_id = $1`, [learner.id]);
    expect(denied.map((d) => d.action)).toEqual(['consent.read', 'consent.write', 'consent.write']);
    const still = (await list(operatorA, learner.id)).json();
    expect(still.items[0].revokedOn).toBeNull();
  });
});

describe('consents: giving and listing', () => {
  it('records a representative’s consent for a minor and lists it with the legal bases, audited', async () => {
    const { learner, parentId } = await learnerWithParent();
    const res = await give(operatorA, learner.id, healthConsent(parentId));
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      purpose: 'health_data',
      basis: 'consent',
      scope: ['health_group', 'disability'],
      givenOn: '2024-09-02',
      document: 'Заявление № 17',
      representative: { id: parentId, fullName: 'Согласов Игорь Петрович' },
      revokedOn: null,
      revocationReason: null,
    });
    expect(item.purposeTitle).toMatch(/здоровь/);
    const given = await auditRows(s, `action = 'consent.give' AND object_id = $1`, [item.id]);
    expect(given).toHaveLength(1);
    expect(given[0].subject_ids.sort()).toEqual([learner.id, parentId].sort());
    const history = await s.owner.query(
      `SELECT version, action FROM change_history WHERE entity_type = 'consent' AND entity_id = $1`,
      [item.id],
    );
    expect(history.rows).toEqual([{ version: 1, action: 'create' }]);

    const listed = await list(operatorA, learner.id);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([item]);
    const bases = listed.json().legalBases as { code: string; basis: string; lawReference: string }[];
    expect(bases.map((b) => b.code)).toEqual(CONSENT_PURPOSES.map((p) => p.code));
    expect(bases.find((b) => b.code === 'contingent_registry')).toMatchObject({ basis: 'law' });
    expect(bases.find((b) => b.code === 'analytics')!.lawReference).toContain('152-ФЗ ст. 6 ч. 1 п. 9');
    expect(bases.find((b) => b.code === 'health_data')).toMatchObject({ basis: 'consent' });
    const read = await auditRows(s, `action = 'consent.read' AND outcome = 'success' AND object_id = $1`, [
      learner.id,
    ]);
    expect(read).toHaveLength(1);
    expect(read[0].subject_ids.sort()).toEqual([learner.id, parentId].sort());
  });

  it('lets an adult consent alone', async () => {
    const adult = await createLearner(s, operatorA, orgA, { birthDate: '2004-02-10', documents: [] });
    const res = await give(operatorA, adult.id, { ...healthConsent(), givenOn: '2024-09-02' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().representative).toBeNull();
    expect(fullYears('2004-02-10', '2022-02-09')).toBe(17);
    expect(fullYears('2004-02-10', '2022-02-10')).toBe(18);
    const minorThen = await give(operatorA, adult.id, { ...healthConsent(), givenOn: '2022-02-09' });
    expect(minorThen.statusCode).toBe(400);
    expect(paths(minorThen)).toEqual(['body.representativeId']);
  });

  it('rejects bad input with field paths and Russian messages', async () => {
    const { learner, parentId } = await learnerWithParent({ birthDate: '2016-03-03' });
    const other = await learnerWithParent();
    const good = healthConsent(parentId);
    const cases: [Record<string, unknown>, string, number][] = [
      [{ purpose: 'contingent_registry', scope: ['identity'] }, 'body.purpose', 400],
      [{ purpose: 'analytics', scope: ['statistics'] }, 'body.purpose', 400],
      [{ purpose: 'telepathy' }, 'body.purpose', 400],
      [{ scope: [] }, 'body.scope', 400],
      [{ scope: ['health_group', 'photo'] }, 'body.scope.1', 400],
      [{ scope: ['health_group', 'health_group'] }, 'body.scope.1', 400],
      [{ givenOn: '2999-01-01' }, 'body.givenOn', 400],
      [{ givenOn: '2016-03-02' }, 'body.givenOn', 400],
      [{ representativeId: undefined }, 'body.representativeId', 400],
      [{ representativeId: 'not-a-uuid' }, 'body.representativeId', 400],
      [{ representativeId: other.parentId }, 'body.representativeId', 422],
      [{ extra: true }, 'body.extra', 400],
    ];
    for (const [over, path, status] of cases) {
      const res = await give(operatorA, learner.id, { ...good, ...over });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(status);
      expect(paths(res), path).toContain(path);
      const problem = res.json().errors.find((e: { path: string }) => e.path === path);
      expect(problem.message, path).toMatch(/[А-Яа-я]/);
    }
    expect((await list(operatorA, learner.id)).json().items).toEqual([]);
  });
});

describe('consents: revocation', () => {
  it('revokes once with history and audit; a second revocation is a 409 conflict', async () => {
    const { learner, parentId } = await learnerWithParent();
    const c = (await give(operatorA, learner.id, healthConsent(parentId))).json();
    const early = await revoke(operatorA, learner.id, c.id, { revokedOn: '2024-09-01' });
    expect(early.statusCode).toBe(400);
    expect(paths(early)).toEqual(['body.revokedOn']);
    const future = await revoke(operatorA, learner.id, c.id, { revokedOn: '2999-09-01' });
    expect(future.statusCode).toBe(400);
    const res = await revoke(operatorA, learner.id, c.id, { revokedOn: '2025-03-01', reason: 'Отзыв' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: c.id, revokedOn: '2025-03-01', revocationReason: 'Отзыв' });
    const twice = await revoke(operatorA, learner.id, c.id, { revokedOn: '2025-03-02' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('conflict');
    expect(twice.json().detail).toContain('01.03.2025');
    const audited = await auditRows(s, `action = 'consent.revoke' AND object_id = $1`, [c.id]);
    expect(audited).toHaveLength(1);
    expect(audited[0].subject_ids).toEqual([learner.id]);
    const history = await s.owner.query(
      `SELECT version, action, changes FROM change_history
        WHERE entity_type = 'consent' AND entity_id = $1 ORDER BY version`,
      [c.id],
    );
    expect(history.rows.map((h) => h.action)).toEqual(['create', 'revoke']);
    expect(history.rows[1].changes.map((x: { field: string }) => x.field).sort()).toEqual([
      'revocationReason',
      'revokedOn',
    ]);
  });

  it('answers 404 for a consent of another person, audited', async () => {
    const a = await learnerWithParent();
    const b = await learnerWithParent();
    const c = (await give(operatorA, a.learner.id, healthConsent(a.parentId))).json();
    const res = await revoke(operatorA, b.learner.id, c.id, { revokedOn: '2025-01-01' });
    expect(res.statusCode).toBe(404);
    expect(
      await auditRows(s, `action = 'consent.revoke' AND outcome = 'denied' AND object_id = $1`, [c.id]),
    ).toHaveLength(1);
  });

  it('hasActiveConsent follows the given and revoked dates', async () => {
    const { learner, parentId } = await learnerWithParent();
    const db = s.app.services.db;
    expect(await hasActiveConsent(db, learner.id, 'health_data')).toBe(false);
    const c = (await give(operatorA, learner.id, healthConsent(parentId))).json();
    expect(await hasActiveConsent(db, learner.id, 'health_data', '2024-09-01')).toBe(false);
    expect(await hasActiveConsent(db, learner.id, 'health_data', '2024-09-02')).toBe(true);
    expect(await hasActiveConsent(db, learner.id, 'health_data')).toBe(true);
    expect(await hasActiveConsent(db, learner.id, 'portfolio_publication')).toBe(false);
    await revoke(operatorA, learner.id, c.id, { revokedOn: '2025-01-10' });
    expect(await hasActiveConsent(db, learner.id, 'health_data', '2025-01-09')).toBe(true);
    expect(await hasActiveConsent(db, learner.id, 'health_data', '2025-01-10')).toBe(false);
    expect(await hasActiveConsent(db, learner.id, 'health_data')).toBe(false);
  });
});

describe('consents: robustness', () => {
  it('answers random and mutated payloads with a 4xx problem, never a 500', async () => {
    const { learner, parentId } = await learnerWithParent();
    const c = (await give(operatorA, learner.id, healthConsent(parentId))).json();
    const junk = fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.string({ maxLength: 80 }),
      fc.integer(),
      fc.constant(null),
    );
    const mutate = (b: Record<string, unknown>) =>
      fc
        .tuple(fc.nat(), junk)
        .map(([i, v]) => ({ ...b, [[...Object.keys(b), 'x'][i % (Object.keys(b).length + 1)]!]: v }));
    const targets = [
      { url: base(learner.id), body: healthConsent(parentId) as Record<string, unknown> },
      { url: `${base(learner.id)}/${c.id}/revoke`, body: { revokedOn: '2020-01-01', reason: 'Отзыв' } },
    ];
    for (const t of targets) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 3 }), mutate(t.body)), async (payload) => {
          const res = await s.app.inject({
            method: 'POST',
            url: t.url,
            headers: { ...operatorA.headers, 'content-type': 'application/json' },
            payload: JSON.stringify(payload) ?? 'null',
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().detail).toMatch(/[А-Яа-яЁё]/);
        }),
        { numRuns: 120 },
      );
    }
  });
});
