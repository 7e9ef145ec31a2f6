import type { FastifyInstance } from 'fastify';
import { authorize, isKnownAction } from '../access/policy.ts';
import { auditNow } from '../context.ts';
import { AppError } from '../errors.ts';

/** 'public': anyone; 'authenticated': any signed-in actor; otherwise the name of a policy action. */
export type RoutePolicy = 'public' | 'authenticated' | (string & {});

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

/**
 * Deny by default: a route without a policy answers 403 to everyone, and a route naming an action
 * that no module defined fails at startup.
 */
export function registerPolicyHook(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    const policy = (route.config as { policy?: string } | undefined)?.policy;
    if (policy && policy !== 'public' && policy !== 'authenticated' && !isKnownAction(policy)) {
      throw new Error(`Route ${route.method} ${route.url} names unknown policy action ${policy}`);
    }
  });

  app.addHook('preValidation', async (req) => {
    const policy = req.routeOptions.config?.policy;
    // The not-found handler touches no data: it answers 404 or serves the single-page app shell.
    if (policy === 'public' || req.is404) return;
    const actor = req.ctx.actor;
    if (!policy) {
      throw new AppError('forbidden', 'Доступ к этому адресу не настроен');
    }
    if (!actor) throw new AppError('unauthorized', 'Войдите в систему');
    if (policy === 'authenticated') return;
    try {
      authorize(actor, policy);
    } catch (err) {
      await auditNow(req.ctx, {
        action: policy,
        outcome: 'denied',
        details: { route: req.routeOptions.url },
      });
      throw err;
    }
  });
}
