import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedApiTypes, generateApiTypes } from '../../scripts/lib/api-types.ts';
import { lintOpenApi } from '../../scripts/lib/openapi-lint.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// What an integrator's tools see: the served document, its operation names, Redocly's verdict and the
// typed client the web is built on.
let s: TestServer;
let document: {
  servers?: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string; parameters?: unknown[] }>>;
};
beforeAll(async () => {
  s = await startTestServer({ DEMO_IDP: 'true' });
  const res = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  document = res.json();
});
afterAll(() => s.stop());

const LOWER_CAMEL_VERB_NOUN = /^[a-z]+[A-Z][A-Za-z0-9]*$/;

describe('OpenAPI contract', () => {
  it('every registered API route has its own lowerCamelCase operationId', () => {
    const routes = s.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !r.hidden,
    );
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !r.operationId).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const byId = new Map<string, string[]>();
    for (const r of routes)
      byId.set(r.operationId!, [...(byId.get(r.operationId!) ?? []), `${r.method} ${r.url}`]);
    expect([...byId.entries()].filter(([, where]) => where.length > 1)).toEqual([]);
    expect(routes.map((r) => r.operationId).filter((id) => !LOWER_CAMEL_VERB_NOUN.test(id!))).toEqual([]);
  });

  it('the document names every operation and the installation as its server', () => {
    const operations = Object.values(document.paths).flatMap((ops) => Object.values(ops));
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((o) => !o.operationId)).toEqual([]);
    expect(document.servers?.[0]?.url).toBe(s.app.services.config.publicUrl);
  });

  it('the ЕСИА callback declares its query parameters one by one', () => {
    const parameters = document.paths['/api/v1/auth/esia/callback']?.get?.parameters as {
      in: string;
      name: string;
      schema: { type: string };
    }[];
    expect(parameters.map((p) => [p.in, p.name, p.schema.type])).toEqual(
      expect.arrayContaining([
        ['query', 'code', 'string'],
        ['query', 'state', 'string'],
      ]),
    );
  });

  it('redocly lint (recommended rules) finds no error in the served document', async () => {
    const problems = await lintOpenApi(document);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('src/web/api/openapi.gen.ts matches the served document', async () => {
    const generated = await generateApiTypes(document);
    expect(
      generated === committedApiTypes(),
      'openapi.gen.ts is stale: run `npm run api:types` and commit the result',
    ).toBe(true);
  });
});
