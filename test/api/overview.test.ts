import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// The registry in figures: what an analyst lands on. Counts per municipality and kind, no personal data.
let s: TestServer;
let munA: string;
let schoolA: string;
let kindergartenA: string;
let operatorA: TestUser;
let learnerIds: string[] = [];

beforeAll(async () => {
  s = await startTestServer();
  munA = await buildMunicipality(s, 'Сводный район');
  schoolA = (await buildOrganization(s, { territoryId: munA, kind: 'school' })).id;
  kindergartenA = (await buildOrganization(s, { territoryId: munA, kind: 'preschool' })).id;
  await buildOrganization(s, { territoryId: munA, kind: 'school' });
  operatorA = await buildUser(s, 'org_operator', schoolA);
  for (let i = 0; i < 3; i++) learnerIds.push((await createLearner(s, operatorA, schoolA)).id);
  // A child who left the kindergarten (since closed) is not a learner in force.
  const left = await createLearner(s, await buildUser(s, 'org_operator', kindergartenA), kindergartenA);
  await s.owner.query(`UPDATE enrollments SET ended_on = '2024-05-31' WHERE person_id = $1`, [left.id]);
  learnerIds = [...learnerIds, left.id];
  await s.owner.query(
    `UPDATE organizations SET status = 'liquidated', liquidated_on = '2024-06-01', status_changed_on = '2024-06-01'
      WHERE id = $1`,
    [kindergartenA],
  );
});
afterAll(() => s.stop());

const overview = (u: TestUser) =>
  s.app.inject({ method: 'GET', url: '/api/v1/overview', headers: u.headers });

describe('overview figures', () => {
  it('counts organizations by kind and status and learners in force, per municipality', async () => {
    const analyst = await buildUser(s, 'analyst', munA);
    const res = await overview(analyst);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.totals).toEqual({ organizations: 3, activeOrganizations: 2, learners: 3 });
    expect(body.byMunicipality).toHaveLength(1);
    expect(body.byMunicipality[0]).toMatchObject({ name: 'Сводный район', organizations: 3, learners: 3 });
    const byKind = Object.fromEntries(body.byKind.map((k: { kind: string }) => [k.kind, k]));
    expect(byKind.school).toMatchObject({ organizations: 2, activeOrganizations: 2, learners: 3 });
    expect(byKind.preschool).toMatchObject({ organizations: 1, activeOrganizations: 0, learners: 0 });
    for (const id of learnerIds) expect(res.body).not.toContain(id);
  });

  it('a regional operator sees every municipality; a municipality only its own', async () => {
    const regional = await buildUser(s, 'regional_operator', await buildRegion(s));
    const other = await buildMunicipality(s, 'Соседний район');
    await buildOrganization(s, { territoryId: other, kind: 'additional' });
    const all = (await overview(regional)).json();
    const names = all.byMunicipality.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(['Сводный район', 'Соседний район']));
    const own = (await overview(await buildUser(s, 'municipal_specialist', other))).json();
    expect(own.byMunicipality.map((m: { name: string }) => m.name)).toEqual(['Соседний район']);
    expect(own.totals).toEqual({ organizations: 1, activeOrganizations: 1, learners: 0 });
  });

  it('is not for organizations, citizens or anonymous callers', async () => {
    expect((await overview(operatorA)).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/overview' })).statusCode).toBe(401);
  });
});
