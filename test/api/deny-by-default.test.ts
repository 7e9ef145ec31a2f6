import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildRegion, buildUser } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

it('a route registered without a policy answers 403 even to the regional operator', async () => {
  // Routes cannot be added after start, so a second app instance carries the unguarded route.
  const { buildApp } = await import('../../src/server/app.ts');
  const app = await buildApp({
    services: s.app.services,
    extraPlugins: [async (a) => void a.get('/api/v1/unguarded', async () => ({ leaked: true }))],
  });
  const user = await buildUser(s, 'regional_operator', await buildRegion(s));
  const res = await app.inject({ method: 'GET', url: '/api/v1/unguarded', headers: user.headers });
  expect(res.statusCode).toBe(403);
  expect(res.body).not.toContain('leaked');
  expect(app.routeTable.find((r) => r.url === '/api/v1/unguarded')?.policy).toBeUndefined();
  await app.close();
});
