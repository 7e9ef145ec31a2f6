import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AuditBatcher } from '../audit/batcher.ts';
import type { ApiTokenStore } from '../auth/api-tokens.ts';
import { SESSION_COOKIE, type SessionStore } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import type { Ctx } from '../context.ts';
import { auditNow } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { requestDb } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';

export type Services = {
  config: Config;
  db: Kysely<DB>;
  pool: Pool;
  audit: AuditBatcher;
  sessions: SessionStore;
  tokens: ApiTokenStore;
  jobs: JobQueue;
  log: Logger;
};

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
    csrfToken: string | null;
  }
  interface FastifyInstance {
    services: Services;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the actor from the session cookie or a Bearer API token and checks the CSRF token on
 * state-changing requests made with a session. Bearer requests carry no ambient credentials, so
 * they need no CSRF token.
 */
export function registerRequestContext(app: FastifyInstance, services: Services) {
  app.decorate('services', services);
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const ctx: Ctx = {
      requestId: req.id,
      ip: req.ip ?? null,
      actor: null,
      db: requestDb(services.db),
      pool: services.pool,
      audit: services.audit,
      jobs: services.jobs,
      config: services.config,
      log: req.log,
    };
    req.ctx = ctx;
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const resolved = m ? await services.tokens.resolve(m[1]!) : null;
      if (!resolved) {
        await auditNow(ctx, { action: 'auth.token_rejected', outcome: 'failure', userId: null });
        throw new AppError('unauthorized', 'API-токен недействителен, отозван или истек');
      }
      ctx.actor = resolved.actor;
      if (resolved.fresh) {
        await auditNow(ctx, {
          action: 'auth.token_used',
          objectType: 'api_token',
          objectId: resolved.tokenId,
        });
      }
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const s = await services.sessions.resolve(token);
        if (s) {
          ctx.actor = s.actor;
          req.csrfToken = s.csrfToken;
        }
      }
      if (ctx.actor && !SAFE.has(req.method) && req.headers['x-csrf-token'] !== req.csrfToken) {
        await auditNow(ctx, {
          action: 'auth.csrf_rejected',
          outcome: 'denied',
          details: { route: req.routeOptions.url },
        });
        throw new AppError('csrf_failed', 'Запрос отклонен: отсутствует или неверен заголовок X-CSRF-Token');
      }
    }
  });
}
