import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Health data is returned by GET /persons/:id/health to holders of the health permission and by no
 * other route. The walk covers every GET route about persons registered now or added later.
 */

const SECRETS = {
  pmpkNumber: 'ПМПК-СЕКРЕТ-4417',
  ipraNumber: 'ИПРА-СЕКРЕТ-9902',
  recommendedProgram: 'АООП-СЕКРЕТ, вариант 8.4',
  cause: 'ПРИЧИНА-СЕКРЕТ',
  peGroup: 'special_a',
};
const MARKERS = Object.values(SECRETS);

let s: TestServer;
let fixtures: { learnerId: string; learnerName: string; parentId: string; linkId: string; consentId: string };
let readers: { name: string; headers: Record<string, string> }[];
let medic: TestUser;
let regionalMedic: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  const mun = await buildMunicipality(s);
  const org = (await buildOrganization(s, { territoryId: mun })).id;
  const operator = await buildUser(s, 'org_operator', org);
  medic = await buildUser(s, 'org_operator', org, { healthAccess: true });
  regionalMedic = await buildUser(s, 'regional_operator', region, { healthAccess: true });

  const learner = await createLearner(s, operator, org, {
    lastName: 'Секретова',
    firstName: 'Анна',
    sex: 'female',
  });
  const linked = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${learner.id}/representatives`,
    headers: operator.headers,
    payload: {
      relation: 'mother',
      representative: {
        ...learnerInput(null, { documents: [], snils: undefined }),
        lastName: 'Секретова',
        firstName: 'Мария',
        middleName: 'Ивановна',
        sex: 'female',
        birthDate: '1987-07-07',
      },
    },
  });
  expect(linked.statusCode, linked.body).toBe(201);
  const link = linked.json().representatives[0];
  const consent = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${learner.id}/consents`,
    headers: operator.headers,
    payload: {
      purpose: 'health_data',
      scope: ['health_group', 'pe_group', 'disability', 'special_needs', 'long_term_treatment'],
      givenOn: '2024-09-01',
      representativeId: link.person.id,
    },
  });
  expect(consent.statusCode, consent.body).toBe(201);
  const health = await s.app.inject({
    method: 'PUT',
    url: `/api/v1/persons/${learner.id}/health`,
    headers: medic.headers,
    payload: {
      version: 0,
      healthGroup: 4,
      peGroup: SECRETS.peGroup,
      needsAdaptedProgram: true,
      longTermTreatment: 'home_schooling',
      disabilities: [
        {
          category: 'child',
          validFrom: '2022-01-10',
          cause: SECRETS.cause,
          ipraNumber: SECRETS.ipraNumber,
          ipraDate: '2022-02-01',
        },
      ],
      specialNeeds: [
        {
          pmpkDate: '2022-03-03',
          pmpkNumber: SECRETS.pmpkNumber,
          recommendedProgram: SECRETS.recommendedProgram,
        },
      ],
    },
  });
  expect(health.statusCode, health.body).toBe(200);
  fixtures = {
    learnerId: learner.id,
    learnerName: `${learner.lastName} ${learner.firstName}`,
    parentId: link.person.id,
    linkId: link.linkId,
    consentId: consent.json().id,
  };

  const manager = await buildUser(s, 'municipal_specialist', mun);
  const token = await s.app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: manager.headers,
    payload: { name: 'Электронный журнал', organizationIds: [org] },
  });
  expect(token.statusCode, token.body).toBe(201);
  readers = [
    { name: 'org_operator', headers: (await buildUser(s, 'org_operator', org)).headers },
    { name: 'org_admin', headers: (await buildUser(s, 'org_admin', org)).headers },
    { name: 'municipal_specialist', headers: manager.headers },
    { name: 'regional_operator', headers: (await buildUser(s, 'regional_operator', region)).headers },
    { name: 'integration_client', headers: { authorization: `Bearer ${token.json().token}` } },
    { name: 'analyst', headers: (await buildUser(s, 'analyst', region)).headers },
  ];
});
afterAll(() => s.stop());

/** Concrete URLs for a route pattern, or null when it has a parameter the fixtures cannot fill. */
function urlsFor(pattern: string): string[] | null {
  const values: Record<string, string[]> = {
    id: [fixtures.learnerId, fixtures.parentId],
    personId: [fixtures.learnerId, fixtures.parentId],
    learnerId: [fixtures.learnerId],
    childId: [fixtures.learnerId],
    representativeId: [fixtures.parentId],
    consentId: [fixtures.consentId],
    linkId: [fixtures.linkId],
    version: ['1', '2'],
  };
  let urls = [pattern];
  for (const [, name] of pattern.matchAll(/:(\w+)/g)) {
    const options = values[name!];
    if (!options) return null;
    urls = urls.flatMap((u) => options.map((v) => u.replace(`:${name}`, v)));
  }
  const q = encodeURIComponent(fixtures.learnerName);
  return urls.flatMap((u) => [u, `${u}?q=${q}`]);
}

const sawFixture = (body: string) => [fixtures.learnerId, fixtures.consentId].some((id) => body.includes(id));

const personRoutes = () =>
  s.app.routeTable.filter(
    (r) => r.method === 'GET' && r.url.startsWith('/api/v1/') && /persons|citizen|duplicates/.test(r.url),
  );

describe('health data visibility', () => {
  it('the health route returns the data to holders of the health permission', async () => {
    for (const u of [medic, regionalMedic]) {
      const res = await s.app.inject({
        method: 'GET',
        url: `/api/v1/persons/${fixtures.learnerId}/health`,
        headers: u.headers,
      });
      expect(res.statusCode).toBe(200);
      for (const m of MARKERS) expect(res.body).toContain(m);
    }
  });

  it('no other GET route about persons shows health data to any role without the permission', async () => {
    const exercised = new Set<string>();
    const skipped: string[] = [];
    const okFor = new Map<string, Set<string>>();
    for (const route of personRoutes()) {
      const urls = urlsFor(route.url);
      if (!urls) {
        skipped.push(route.url);
        continue;
      }
      exercised.add(route.url);
      for (const reader of readers) {
        for (const url of urls) {
          const res = await s.app.inject({ method: 'GET', url, headers: reader.headers });
          expect(res.statusCode, `${reader.name} GET ${url}: ${res.body}`).toBeLessThan(500);
          for (const m of MARKERS) {
            expect(res.body.includes(m), `${reader.name} GET ${url} shows «${m}»`).toBe(false);
          }
          if (res.statusCode === 200 && sawFixture(res.body)) {
            okFor.set(route.url, (okFor.get(route.url) ?? new Set()).add(reader.name));
          }
        }
      }
    }
    expect([...exercised], `skipped: ${skipped.join(', ')}`).toEqual(
      expect.arrayContaining([
        '/api/v1/persons',
        '/api/v1/persons/:id',
        '/api/v1/persons/:id/versions',
        '/api/v1/persons/:id/versions/:version',
        '/api/v1/persons/:id/consents',
        '/api/v1/persons/:id/health',
      ]),
    );
    // The walk saw the learner's own data, so an absent marker means it was left out, not missed.
    for (const route of ['/api/v1/persons', '/api/v1/persons/:id', '/api/v1/persons/:id/consents']) {
      expect([...(okFor.get(route) ?? [])], route).toEqual(
        expect.arrayContaining(['org_operator', 'org_admin', 'municipal_specialist', 'regional_operator']),
      );
    }
    expect([...(okFor.get('/api/v1/persons/:id') ?? [])]).toContain('integration_client');
    expect(okFor.get('/api/v1/persons/:id/health')).toBeUndefined();
  });

  it('the health values stay out of the audit log and out of the person history', async () => {
    const audit = await s.owner.query(`SELECT count(*)::int AS n FROM audit_log WHERE details::text ~ $1`, [
      MARKERS.join('|'),
    ]);
    expect(audit.rows[0].n).toBe(0);
    const history = await s.owner.query(
      `SELECT count(*)::int AS n FROM change_history WHERE entity_type <> 'person_health' AND snapshot::text ~ $1`,
      [MARKERS.join('|')],
    );
    expect(history.rows[0].n).toBe(0);
  });
});
