import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IDENTIFIER_TYPES } from '../../src/common/identifiers/index.ts';
import {
  changeStatusSchema,
  createOrganizationSchema,
  updateOrganizationSchema,
} from '../../src/common/schemas/organization.ts';
import { loginBodySchema } from '../../src/server/modules/auth/auth.schemas.ts';
import {
  createTokenSchema,
  createUserSchema,
  grantRoleSchema,
  setPasswordSchema,
  updateUserSchema,
} from '../../src/server/modules/users/users.schemas.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  organizationInput,
  type TestUser,
} from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let admin: TestUser;
let orgId: string;
let munId: string;
let userId: string;

beforeAll(async () => {
  s = await startTestServer({ LOGIN_RATE_PER_MINUTE: '100000' });
  const region = await buildRegion(s);
  munId = await buildMunicipality(s);
  orgId = (await buildOrganization(s, { territoryId: munId })).id;
  admin = await buildUser(s, 'regional_operator', region);
  const created = await s.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin.headers,
    payload: { login: 'fuzz.target', fullName: 'Цель Проверки', password: 'Fuzz-Target-2026!' },
  });
  userId = created.json().id;
});
afterAll(() => s.stop());

/** Random JSON, and valid payloads with one field replaced by random junk, which probe deeper. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 600 }),
  fc.integer(),
  fc.constant(null),
  fc.constant(''),
  fc.array(fc.string(), { maxLength: 3 }),
);
const mutate = (base: () => Record<string, unknown>) =>
  fc.tuple(fc.nat(), junk).map(([i, v]) => {
    const b = base();
    const keys = [...Object.keys(b), 'unknownField'];
    return { ...b, [keys[i % keys.length]!]: v };
  });
const payloads = (base: () => Record<string, unknown>) =>
  fc.oneof(fc.anything({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 20 }), junk), mutate(base));

type Endpoint = {
  method: 'POST' | 'PATCH';
  url: () => string;
  base: () => Record<string, unknown>;
  schema: { safeParse: (v: unknown) => { success: boolean } };
};
const endpoints: Record<string, Endpoint> = {
  'POST /organizations': {
    method: 'POST',
    url: () => '/api/v1/organizations',
    base: () => organizationInput(munId),
    schema: createOrganizationSchema,
  },
  'PATCH /organizations/:id': {
    method: 'PATCH',
    url: () => `/api/v1/organizations/${orgId}`,
    base: () => ({ version: 1, capacity: 100 }),
    schema: updateOrganizationSchema,
  },
  'POST /organizations/:id/status': {
    method: 'POST',
    url: () => `/api/v1/organizations/${orgId}/status`,
    base: () => ({ version: 99, status: 'reorganizing', date: '2026-01-01' }),
    schema: changeStatusSchema,
  },
  'POST /identifiers/validate': {
    method: 'POST',
    url: () => '/api/v1/identifiers/validate',
    base: () => ({ type: 'inn', value: '3801234567' }),
    schema: z.strictObject({ type: z.enum(IDENTIFIER_TYPES), value: z.string().max(100) }),
  },
  'POST /auth/login': {
    method: 'POST',
    url: () => '/api/v1/auth/login',
    base: () => ({ login: 'nobody', password: 'x' }),
    schema: loginBodySchema,
  },
  'POST /users': {
    method: 'POST',
    url: () => '/api/v1/users',
    base: () => ({ login: 'x', fullName: 'Ф', password: 'short' }),
    schema: createUserSchema,
  },
  'PATCH /users/:id': {
    method: 'PATCH',
    url: () => `/api/v1/users/${userId}`,
    base: () => ({ version: 99, fullName: 'Ф' }),
    schema: updateUserSchema,
  },
  'POST /users/:id/roles': {
    method: 'POST',
    url: () => `/api/v1/users/${userId}/roles`,
    base: () => ({ role: 'regional_operator', scopeNodeId: orgId }),
    schema: grantRoleSchema,
  },
  'POST /users/:id/password': {
    method: 'POST',
    url: () => `/api/v1/users/${userId}/password`,
    base: () => ({ password: 'weak' }),
    schema: setPasswordSchema,
  },
  'POST /api-tokens': {
    method: 'POST',
    url: () => '/api/v1/api-tokens',
    base: () => ({ name: '', organizationIds: [] }),
    schema: createTokenSchema,
  },
};

describe('random payloads never cause a 500', () => {
  for (const [name, ep] of Object.entries(endpoints)) {
    it(`${name}: 200 random payloads; schema-invalid ones get 400, none gets 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(payloads(ep.base), async (generated) => {
          const json = JSON.stringify(generated) ?? 'null';
          const payload = JSON.parse(json);
          const res = await s.app.inject({
            method: ep.method,
            url: ep.url(),
            headers: { ...admin.headers, 'content-type': 'application/json' },
            payload: json,
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          // A random payload may happen to be valid; an invalid one must never be accepted.
          if (!ep.schema.safeParse(payload).success) expect(res.statusCode, res.body).toBe(400);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
            const body = res.json();
            expect(typeof body.code).toBe('string');
            expect(body.detail).toMatch(/[А-Яа-яЁё]/);
          }
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
      );
    });
  }

  it('malformed JSON and a wrong content type are 4xx problems too', async () => {
    const broken = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"kind": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('malformed_request');
    const text = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(text.statusCode).toBe(415);
  });
});
