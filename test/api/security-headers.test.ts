import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
beforeAll(async () => {
  // Behind a reverse proxy that terminates TLS, as in production.
  s = await startTestServer({ TRUST_PROXY: 'true' });
});
afterAll(() => s.stop());

describe('security headers', () => {
  it('every answer, API or page, success or problem, carries the CSP and the other Helmet headers', async () => {
    for (const url of ['/api/health', '/api/v1/persons', '/login']) {
      const res = await s.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("form-action 'self'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }
  });

  it('HSTS only over https: never on plain http, and on https as the proxy reports it', async () => {
    for (const url of ['/api/health', '/login', '/api/v1/no-such-route']) {
      const http = await s.app.inject({ method: 'GET', url });
      expect(http.headers['strict-transport-security'], url).toBeUndefined();
      const https = await s.app.inject({ method: 'GET', url, headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
    }
  });

  it('API answers are never cached; the API description may be', async () => {
    for (const url of [
      '/api/health',
      '/api/v1/persons',
      '/api/v1/no-such-route',
      '/api/v1/persons/%E0%A4%A',
    ]) {
      const res = await s.app.inject({ method: 'GET', url });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const schema = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(schema.headers['cache-control']).not.toBe('no-store');
  });
});
