import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

const HSTS = 'max-age=31536000; includeSubDomains';

/** API answers carry personal data: no browser or proxy cache may keep them. Docs and the schema may. */
export const isPrivateApiPath = (url: string) =>
  /^\/api(\/|\?|$)/.test(url) && !/^\/api\/(docs|openapi\.json)(\/|\?|$)/.test(url);

/**
 * Headers every answer needs that do not depend on a route: Cache-Control for the API, and HSTS only
 * on https (browsers ignore it over http, and sent there it claims a protection the channel lacks).
 * Also used by answers that bypass the hooks (Fastify's framework errors).
 */
export function applyTransportHeaders(req: FastifyRequest, reply: FastifyReply) {
  if (isPrivateApiPath(req.url)) reply.header('cache-control', 'no-store');
  if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
}

/**
 * Helmet's security headers (CSP, nosniff, frame and referrer policies) on every response, HSTS on
 * https only. The middleware is built once here: the Fastify wrapper rebuilt it, parsing the CSP
 * directives again, on every request of the hottest routes. `req.protocol` follows X-Forwarded-Proto
 * only when TRUST_PROXY is set.
 */
export function registerSecurityHeaders(app: FastifyInstance, esiaIssuer: string | null) {
  const apply = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'", esiaIssuer ?? "'self'"],
      },
    },
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (req, reply, done) => {
    applyTransportHeaders(req, reply);
    apply(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
}
