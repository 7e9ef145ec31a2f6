import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/server/platform/access/policy.ts';
import { loadActor } from '../../src/server/platform/auth/actor-loader.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  organizationInput,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let admin: TestUser;
let ids: Record<string, string>;
const bases: Record<string, () => Record<string, unknown>> = {};

beforeAll(async () => {
  s = await startTestServer({ LOGIN_RATE_PER_MINUTE: '100000' });
  const region = await buildRegion(s);
  const munId = await buildMunicipality(s);
  const orgId = (await buildOrganization(s, { territoryId: munId })).id;
  admin = await buildUser(s, 'regional_operator', region, { healthAccess: true });
  const user = await s.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin.headers,
    payload: { login: 'fuzz.target', fullName: 'Цель Проверки', password: 'Fuzz-Target-2026!' },
  });
  const person = await createLearner(s, admin, orgId);
  ids = { organizations: orgId, users: user.json().id, persons: person.id };
  bases['/api/v1/organizations'] = () => organizationInput(munId);
  bases['/api/v1/organizations/:id'] = () => ({ version: 1, capacity: 100 });
  bases['/api/v1/organizations/:id/status'] = () => ({
    version: 99,
    status: 'reorganizing',
    date: '2026-01-01',
  });
  bases['/api/v1/identifiers/validate'] = () => ({ type: 'inn', value: '3801234567' });
  bases['/api/v1/auth/login'] = () => ({ login: 'nobody', password: 'x' });
  bases['/api/v1/users'] = () => ({ login: 'x', fullName: 'Ф', password: 'short' });
  bases['/api/v1/persons'] = () => learnerInput(orgId);
  bases['/api/v1/persons/:id'] = () => ({ version: 99, birthPlace: 'г. Иркутск' });
  bases['/api/v1/persons/:id/representatives'] = () => ({
    relation: 'mother',
    representative: learnerInput(null),
  });
});
afterAll(() => s.stop());

/** Random JSON, and known-good payloads with one field replaced by junk, which probe deeper. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 600 }),
  fc.integer(),
  fc.constant(null),
  fc.constant(''),
  fc.array(fc.string(), { maxLength: 3 }),
);
const payloads = (base: () => Record<string, unknown>) =>
  fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.dictionary(fc.string({ maxLength: 20 }), junk),
    fc.tuple(fc.nat(), junk).map(([i, v]) => {
      const b = base();
      const keys = [...Object.keys(b), 'unknownField'];
      return { ...b, [keys[i % keys.length]!]: v };
    }),
  );

/** Routes a random body must not touch: ending the probing session, the ЕСИА stand-in. */
const SKIP = new Set(['/api/v1/auth/logout']);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('every write route: random payloads never cause a 5xx', () => {
  it('walks the route table', async () => {
    const actor = (await loadActor(s.database.db, admin.id, 'session'))!;
    const routes = s.app.routeTable.filter(
      (r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.url.startsWith('/api/v1/') && !SKIP.has(r.url),
    );
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const route of routes) {
      const url = route.url.replace(/:(\w+)/g, (_, name: string) => {
        const resource = route.url.split('/')[3] ?? '';
        return name === 'id' && ids[resource] ? ids[resource] : UNKNOWN_ID;
      });
      const allowed =
        route.policy === 'public' || route.policy === 'authenticated' || can(actor, route.policy!);
      await fc.assert(
        fc.asyncProperty(payloads(bases[route.url] ?? (() => ({}))), async (generated) => {
          const json = JSON.stringify(generated) ?? 'null';
          const res = await s.app.inject({
            method: route.method as 'POST',
            url,
            headers: { ...admin.headers, 'content-type': 'application/json' },
            payload: json,
          });
          const where = `${route.method} ${route.url}: ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          // A random payload may happen to be valid; an invalid one must never be accepted.
          if (allowed && route.body && !route.body.safeParse(JSON.parse(json)).success) {
            expect(res.statusCode, where).toBe(400);
          }
          if (res.statusCode >= 400) {
            expect(res.headers['content-type'], where).toMatch(/application\/problem\+json/);
            const body = res.json();
            expect(typeof body.code, where).toBe('string');
            expect(body.detail, where).toMatch(/[А-Яа-яЁё]/);
          }
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
      );
    }
  });

  it('malformed JSON and a wrong content type are 4xx problems too', async () => {
    const broken = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"kind": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('malformed_request');
    const xml = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
  });
});
