import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let orgId: string;
let munId: string;

beforeAll(async () => {
  s = await startTestServer();
  const region = await buildRegion(s);
  munId = await buildMunicipality(s);
  orgId = (await buildOrganization(s, { territoryId: munId })).id;
  admin = await buildUser(s, 'regional_operator', region, { healthAccess: true });
});
afterAll(() => s.stop());

type Res = Awaited<ReturnType<TestServer['app']['inject']>>;

/** A problem+json answer with a stable code and a Russian detail. */
function expectProblem(res: Res, status: number, code: string) {
  const where = `${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBe(status);
  expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code, where).toBe(code);
  expect(body.detail, where).toMatch(/[А-Яа-яЁё]/);
  return body as { errors: { path: string; code: string }[] };
}

const get = (url: string, headers: Record<string, string> = admin.headers) =>
  s.app.inject({ method: 'GET', url, headers });

describe('Fastify’s own errors are problem+json', () => {
  it('an unknown /api route answers 404 not_found', async () => {
    expectProblem(await get('/api/v1/no-such-thing'), 404, 'not_found');
    expectProblem(await s.app.inject({ method: 'DELETE', url: '/api/nothing' }), 404, 'not_found');
  });

  it('a path parameter over the router limit answers 414 uri_too_long', async () => {
    expectProblem(await get(`/api/v1/persons/${'a'.repeat(300)}`), 414, 'uri_too_long');
  });

  it('malformed percent-encoding in the path or the query answers 400 malformed_request', async () => {
    expectProblem(await get('/api/v1/persons/%E0%A4%A'), 400, 'malformed_request');
    expectProblem(await get('/api/v1/persons?q=%E0%A4%A'), 400, 'malformed_request');
  });

  it('a raw, non-encoded query answers 400 and never 5xx', async () => {
    const res = await get('/api/v1/persons?q=Иванов Пётр&snils=<>"');
    expect(res.statusCode).toBeLessThan(500);
    if (res.statusCode >= 400) expectProblem(res, res.statusCode, res.json().code);
  });

  it('a body over the limit answers 413, a foreign media type 415, broken JSON 400', async () => {
    const big = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ fullName: 'x'.repeat(1_100_000) }),
    });
    expectProblem(big, 413, 'payload_too_large');
    const xml = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expectProblem(xml, 415, 'unsupported_media_type');
    const broken = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"kind": ',
    });
    expectProblem(broken, 400, 'malformed_request');
  });
});

describe('NUL bytes and control characters', () => {
  it('in search queries answer 400 control_character with the field path', async () => {
    for (const [url, path] of [
      ['/api/v1/persons?q=%D0%98%00', 'query.q'],
      ['/api/v1/persons?document=12%0034', 'query.document'],
      ['/api/v1/organizations?q=%00', 'query.q'],
      ['/api/v1/audit?action=%00', 'query.action'],
      ['/api/v1/audit?objectId=a%00b', 'query.objectId'],
      ['/api/v1/users?q=%00', 'query.q'],
    ] as const) {
      const body = expectProblem(await get(url), 400, 'validation_failed');
      expect(body.errors, url).toContainEqual(expect.objectContaining({ path, code: 'control_character' }));
    }
  });

  it('in string fields of write bodies answer 400 control_character with the field path', async () => {
    const nul = await s.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: admin.headers,
      payload: learnerInput(orgId, { birthPlace: 'г. Иркутск\u0000' }),
    });
    expect(expectProblem(nul, 400, 'validation_failed').errors).toContainEqual(
      expect.objectContaining({ path: 'body.birthPlace', code: 'control_character' }),
    );
    const bell = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin.headers,
      payload: organizationInput(munId, { head: { fullName: 'Иванова\u0007 Мария' } }),
    });
    expect(expectProblem(bell, 400, 'validation_failed').errors).toContainEqual(
      expect.objectContaining({ path: 'body.head.fullName', code: 'control_character' }),
    );
  });

  it('in a module without the shared primitives still answers 400, never 500', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { login: 'nul.user', fullName: 'Пользователь\u0000', password: 'Nul-User-Password-2026!' },
    });
    expect(expectProblem(res, 400, 'validation_failed').errors).toContainEqual(
      expect.objectContaining({ path: 'body.fullName', code: 'control_character' }),
    );
  });
});

describe('identifiers are normalised at the boundary', () => {
  it('an upper-case uuid path parameter reads the same record', async () => {
    const learner = await createLearner(s, admin, orgId);
    const res = await get(`/api/v1/persons/${learner.id.toUpperCase()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(learner.id);
  });

  it('a self-link with the learner id in upper case is refused as bad input, not a 500', async () => {
    const learner = await createLearner(s, admin, orgId);
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${learner.id}/representatives`,
      headers: admin.headers,
      payload: { relation: 'mother', representativeId: learner.id.toUpperCase() },
    });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toMatch(/[А-Яа-яЁё]/);
  });
});

describe('write bodies', () => {
  it('two identical new documents in one PATCH answer 400 with the field path', async () => {
    const learner = await createLearner(s, admin, orgId);
    const doc = { type: '21', series: '2512', number: '654321', issuedOn: '2024-01-10' };
    const res = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${learner.id}`,
      headers: admin.headers,
      payload: { version: learner.version, documents: [doc, { ...doc }] },
    });
    expect(expectProblem(res, 400, 'validation_failed').errors).toContainEqual(
      expect.objectContaining({ path: 'body.documents.1', code: 'duplicate_document' }),
    );
  });

  it('an organization website must be http or https', async () => {
    for (const website of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:msgbox',
      'ftp://x.ru',
    ]) {
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: admin.headers,
        payload: organizationInput(munId, { contacts: { website } }),
      });
      expect(expectProblem(res, 400, 'validation_failed').errors, website).toContainEqual(
        expect.objectContaining({ path: 'body.contacts.website' }),
      );
    }
    const ok = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin.headers,
      payload: organizationInput(munId, { contacts: { website: 'https://school.example.ru/' } }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('database constraints never answer 500', () => {
  it('a unique violation maps to its problem code and field path', async () => {
    const org = organizationInput(munId);
    const first = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin.headers,
      payload: org,
    });
    expect(first.statusCode, first.body).toBe(201);
    const second = await s.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin.headers,
      payload: org,
    });
    expect(second.statusCode).toBe(409);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('response headers', () => {
  it('every /api answer carries Cache-Control: no-store', async () => {
    const learner = await createLearner(s, admin, orgId);
    for (const url of [
      '/api/health',
      `/api/v1/persons/${learner.id}`,
      `/api/v1/persons/${learner.id}/health`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBeLessThan(400);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    expect((await get('/api/v1/no-such-thing')).headers['cache-control']).toBe('no-store');
  });

  it('Strict-Transport-Security is not sent over plain http', async () => {
    const res = await get('/api/health');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
