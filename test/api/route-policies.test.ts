import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKnownAction } from '../../src/server/platform/access/policy.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ DEMO_IDP: 'true' });
});
afterAll(() => s.stop());

describe('authorization coverage', () => {
  it('every registered route has a policy, and every named action is defined', () => {
    const routes = s.app.routeTable;
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const unknown = routes
      .filter((r) => r.policy !== 'public' && r.policy !== 'authenticated' && !isKnownAction(r.policy!))
      .map((r) => `${r.method} ${r.url}`);
    expect(unknown).toEqual([]);
  });

  it('public routes are only the ones meant to be public', () => {
    const publicApi = s.app.routeTable
      .filter((r) => r.policy === 'public' && r.url.startsWith('/api/v1') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicApi).toEqual([
      'GET /api/v1/auth/esia/callback',
      'GET /api/v1/auth/esia/login',
      'GET /api/v1/auth/providers',
      // Kindergartens' cards, the queue by age band, and a position by the application's number:
      // no personal data, rate-limited.
      'GET /api/v1/public/kindergartens/:id',
      'GET /api/v1/public/municipalities',
      'GET /api/v1/public/preschool-applications/:number',
      'GET /api/v1/public/preschool-queue',
      'POST /api/v1/auth/login',
    ]);
  });

  it('every non-public /api/v1 route refuses an anonymous caller with 401 problem+json', async () => {
    const routes = s.app.routeTable.filter(
      (r) => r.url.startsWith('/api/v1') && r.policy !== 'public' && r.method !== 'HEAD',
    );
    for (const r of routes) {
      const url = r.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const res = await s.app.inject({
        method: r.method as 'GET',
        url,
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });
});
