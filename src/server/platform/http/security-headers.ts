import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's security headers (CSP, HSTS, nosniff, frame and referrer policies) on every response.
 * The middleware is built once here: the Fastify wrapper rebuilt it, parsing the CSP directives
 * again, on every request of the hottest routes.
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
  });
  app.addHook('onRequest', (req, reply, done) =>
    apply(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined)),
  );
}
