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
  const someId = '11111111-1111-4111-8111-111111111111';
  bases['/api/v1/orders'] = () => ({
    organizationId: orgId,
    kind: 'exit',
    number: '12-у',
    orderDate: '2026-10-01',
    basis: 'Заявление родителей',
    movements: [
      {
        kind: 'exit',
        personId: person.id,
        enrollmentId: someId,
        effectiveOn: '2026-10-01',
        exitReason: 'PARENTS_WISH',
      },
      {
        kind: 'graduation',
        personId: person.id,
        enrollmentId: someId,
        effectiveOn: '2026-06-30',
        document: { kind: 'certificate_basic', number: '123', issuedOn: '2026-06-30', honours: false },
      },
    ],
  });
  bases['/api/v1/orders/:id'] = () => ({
    ...bases['/api/v1/orders']!(),
    version: 1,
    organizationId: undefined,
  });
  bases['/api/v1/orders/:id/cancel'] = () => ({ number: '13-у', orderDate: '2026-10-02', basis: 'Ошибка' });
  bases['/api/v1/promotions'] = () => ({
    organizationId: orgId,
    fromYearId: someId,
    toYearId: someId,
    effectiveOn: '2026-09-01',
    orderDate: '2026-08-31',
    number: '1',
    graduationNumber: '2',
    undoDeadline: '2026-10-01',
    adjustments: [
      { enrollmentId: someId, outcome: 'conditional', debtSubjects: ['Алгебра'], debtDeadline: '2026-10-01' },
    ],
  });
  bases['/api/v1/persons/:id/representatives'] = () => ({
    relation: 'mother',
    representative: learnerInput(null),
  });
});
afterAll(() => s.stop());

/** Strings PostgreSQL or the UI choke on: NUL, C0/C1 controls, separators, bidi overrides. */
const controlChar = fc
  .oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.constantFrom(0x2028, 0x2029, 0x202e, 0x200b, 0xfeff),
  )
  .map((c) => String.fromCharCode(c));
const nastyString = fc.oneof(
  fc.constant('\u0000'),
  fc.tuple(fc.string({ maxLength: 20 }), controlChar, fc.string({ maxLength: 20 })).map((p) => p.join('')),
  fc.array(controlChar, { minLength: 1, maxLength: 10 }).map((cs) => cs.join('')),
  fc.uuid().map((u) => u.toUpperCase()),
);

/** Random JSON, and known-good payloads with one field replaced by junk, which probe deeper. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 600 }),
  nastyString,
  fc.integer(),
  fc.constant(null),
  fc.constant(''),
  fc.array(fc.string(), { maxLength: 3 }),
);
/** The same value with the n-th string leaf (depth first) passed through `f`. */
function mapNthString(value: unknown, n: number, f: (s: string) => string): unknown {
  let seen = 0;
  const strings = (v: unknown): number =>
    typeof v === 'string'
      ? 1
      : v && typeof v === 'object'
        ? Object.values(v).reduce<number>((sum, x) => sum + strings(x), 0)
        : 0;
  const total = strings(value);
  if (total === 0) return value;
  const target = n % total;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return seen++ === target ? f(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

const payloads = (base: () => Record<string, unknown>) =>
  fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.dictionary(fc.string({ maxLength: 20 }), junk),
    fc.tuple(fc.nat(), junk).map(([i, v]) => {
      const b = base();
      const keys = [...Object.keys(b), 'unknownField'];
      return { ...b, [keys[i % keys.length]!]: v };
    }),
    // A valid payload with a control character slipped into one text field, however deep.
    fc
      .tuple(fc.nat(), fc.nat(), controlChar)
      .map(([n, at, c]) =>
        mapNthString(
          base(),
          n,
          (str) => str.slice(0, at % (str.length + 1)) + c + str.slice(at % (str.length + 1)),
        ),
      ),
    // A valid payload with an identifier in upper case.
    fc.nat().map((n) => mapNthString(base(), n, (str) => str.toUpperCase())),
  );

/** Path parameters: the real id, the real id in upper case, junk, encoded junk, over-long values. */
const pathParam = (real: string) =>
  fc.oneof(
    fc.constant(real),
    fc.constant(real.toUpperCase()),
    fc.constant('%00'),
    fc.constant('%E0%A4%A'),
    fc.constant('x'.repeat(150)),
    fc.constant('x'.repeat(300)),
    fc.string({ maxLength: 60 }).map(encodeURIComponent),
    nastyString.map(encodeURIComponent),
  );

const QUERY_KEYS = [
  'q',
  'snils',
  'document',
  'birthDate',
  'cursor',
  'limit',
  'action',
  'actorUserId',
  'objectType',
  'objectId',
  'outcome',
  'from',
  'to',
  'kind',
  'status',
  'territoryId',
  'inn',
  'ogrn',
  'code',
  'state',
];
/** Query strings: known keys with junk, encoded properly or sent raw, and broken encodings. */
const queryString = fc.oneof(
  fc
    .dictionary(fc.constantFrom(...QUERY_KEYS), fc.oneof(fc.string({ maxLength: 300 }), nastyString), {
      maxKeys: 4,
    })
    .map((d) =>
      Object.entries(d)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&'),
    ),
  fc
    .tuple(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 40 }))
    .map(([k, v]) => `${k}=${v.replace(/[#?]/g, '')}`),
  fc.constantFrom('q=%E0%A4%A', 'q=%', 'q=%zz', '%00=1', 'q=%00', 'cursor=AAAA', 'limit=1e9', 'q=a&q=b'),
);

/** Every 4xx is a problem with a stable code and a Russian detail; nothing is a 5xx. */
function expectProblemOrSuccess(
  res: { statusCode: number; headers: Record<string, unknown>; body: string; json: () => unknown },
  where: string,
) {
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], where).toMatch(/application\/problem\+json/);
    const body = res.json() as { code?: unknown; detail?: unknown };
    expect(typeof body.code, where).toBe('string');
    expect(body.detail, where).toMatch(/[А-Яа-яЁё]/);
  }
}

/** Routes a random body must not touch: ending the probing session, the ЕСИА stand-in. */
const SKIP = new Set(['/api/v1/auth/logout']);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Hundreds of requests per route on a shared 2-core machine: a generous limit, not a speed check. */
const WALK_TIMEOUT = 600_000;

describe('every write route: random payloads never cause a 5xx', () => {
  it(
    'walks the route table',
    async () => {
      const actor = (await loadActor(s.database.db, admin.id, 'session'))!;
      const routes = s.app.routeTable.filter(
        (r) =>
          ['POST', 'PUT', 'PATCH'].includes(r.method) && r.url.startsWith('/api/v1/') && !SKIP.has(r.url),
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
            expectProblemOrSuccess(res, where);
            // A random payload may happen to be valid; an invalid one must never be accepted.
            if (allowed && route.body && !route.body.safeParse(JSON.parse(json)).success) {
              expect(res.statusCode, where).toBe(400);
            }
          }),
          { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
        );
      }
    },
    WALK_TIMEOUT,
  );

  it(
    'walks the route table with hostile path parameters: upper case, NUL, bad encoding, over-long',
    async () => {
      const routes = s.app.routeTable.filter(
        (r) => r.url.startsWith('/api/v1/') && r.url.includes(':') && !SKIP.has(r.url) && r.method !== 'HEAD',
      );
      expect(routes.length).toBeGreaterThanOrEqual(15);
      for (const route of routes) {
        const resource = route.url.split('/')[3] ?? '';
        await fc.assert(
          fc.asyncProperty(
            pathParam(ids[resource] ?? UNKNOWN_ID),
            pathParam(UNKNOWN_ID),
            async (first, other) => {
              let n = 0;
              const url = route.url.replace(/:(\w+)/g, () => (n++ === 0 ? first : other));
              const res = await s.app.inject({
                method: route.method as 'GET',
                url,
                headers: { ...admin.headers, 'content-type': 'application/json' },
                ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
              });
              expectProblemOrSuccess(res, `${route.method} ${url}: ${res.body.slice(0, 300)}`);
            },
          ),
          { numRuns: Number(process.env.FUZZ_RUNS ?? 200) / 4 },
        );
      }
    },
    WALK_TIMEOUT,
  );

  it(
    'walks every GET route with hostile query strings',
    async () => {
      const routes = s.app.routeTable.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/'));
      expect(routes.length).toBeGreaterThanOrEqual(20);
      for (const route of routes) {
        const resource = route.url.split('/')[3] ?? '';
        const path = route.url.replace(/:(\w+)/g, (_, name: string) =>
          name === 'id' && ids[resource] ? ids[resource] : UNKNOWN_ID,
        );
        await fc.assert(
          fc.asyncProperty(queryString, async (query) => {
            const res = await s.app.inject({
              method: 'GET',
              url: `${path}?${query}`,
              headers: admin.headers,
            });
            expectProblemOrSuccess(res, `GET ${path}?${query}: ${res.body.slice(0, 300)}`);
          }),
          { numRuns: Number(process.env.FUZZ_RUNS ?? 200) / 2 },
        );
      }
    },
    WALK_TIMEOUT,
  );

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
