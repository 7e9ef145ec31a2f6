import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { configurePersonAccess } from './modules/persons/person-scope.ts';
import '../common/zod-setup.ts';
import { MODULES } from './modules/index.ts';
import { AppError } from './platform/errors.ts';
import { registerInputGuard } from './platform/http/input-guard.ts';
import { registerPolicyHook } from './platform/http/policy-hook.ts';
import {
  frameworkErrorHandler,
  registerProblemHandler,
  sendProblem,
} from './platform/http/problem-handler.ts';
import { registerRequestContext, type Services } from './platform/http/request-context.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';

const WEB_DIR = resolve(import.meta.dirname, '../../dist/web');

export type RouteEntry = {
  method: string;
  url: string;
  policy: string | undefined;
  /** The OpenAPI operationId; undefined on routes hidden from the document. */
  operationId: string | undefined;
  hidden: boolean;
  /** The zod schema of the body, for tests that probe every write route. */
  body: { safeParse: (v: unknown) => { success: boolean } } | undefined;
};

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export type AppOptions = { services: Services; extraPlugins?: ((app: FastifyInstance) => Promise<void>)[] };

/** Builds the HTTP application from platform plugins and module routes; listening is main.ts's job. */
export async function buildApp({ services, extraPlugins = [] }: AppOptions): Promise<FastifyInstance> {
  configurePersonAccess({ graceDays: services.config.accessGraceDays });
  // Fastify infers pino's own Logger type from loggerInstance; routes are typed against the base logger.
  const app = Fastify({
    loggerInstance: services.log,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1_048_576,
    trustProxy: services.config.trustProxy,
    // The built-in request log prints raw URLs; onResponse below logs the route pattern instead.
    logController: new LogController({ disableRequestLogging: true }),
    // A longer path parameter answers 414 uri_too_long (ids are 36 characters).
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Access log with route pattern instead of the raw URL: query strings can hold names or СНИЛС.
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(fastifyCookie);
  registerSecurityHeaders(app, services.config.esia?.issuer ?? null);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Контингент: API регионального сегмента',
        description: 'Реестр организаций, обучающихся и их движения. Ошибки: application/problem+json.',
        version: '1.0.0',
      },
      // Paths are absolute (/api/v1/…), so the server is the installation's own address.
      servers: [{ url: services.config.publicUrl, description: 'Эта установка' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kt_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (`.meta({ id })`) become components, referenced by $ref.
    transformObject: jsonSchemaTransformObject,
  });

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Read lazily: hooks of child plugins (public assets) set the policy after this one runs.
      routeTable.push({
        method,
        url: route.url,
        body: (route.schema as { body?: RouteEntry['body'] } | undefined)?.body,
        operationId: (route.schema as { operationId?: string } | undefined)?.operationId,
        hidden: (route.schema as { hide?: boolean } | undefined)?.hide === true,
        get policy() {
          return (route.config as { policy?: string } | undefined)?.policy;
        },
      });
    }
  });
  registerRequestContext(app, services);
  registerPolicyHook(app);
  registerProblemHandler(app);
  registerInputGuard(app);

  app.get('/api/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  for (const mod of MODULES) await app.register(mod, { prefix: '/api' });
  for (const plugin of extraPlugins) await plugin(app);

  // Documentation and the web bundle are public by explicit policy, like any other route.
  await app.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), policy: 'public' };
    });
    await assets.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
    if (existsSync(WEB_DIR)) {
      await assets.register(fastifyStatic, {
        root: WEB_DIR,
        prefix: '/',
        wildcard: false,
        index: ['index.html'],
      });
    }
  });
  app.setNotFoundHandler({}, async (req, reply) => {
    // The API answers problems; any other GET is a page of the single-page app, routed in the browser.
    if (/^\/api(\/|\?|$)/.test(req.url) || !existsSync(WEB_DIR) || req.method !== 'GET') {
      return sendProblem(reply, req, new AppError('not_found', 'Адрес не найден'));
    }
    return reply.type('text/html; charset=utf-8').send(readFileSync(resolve(WEB_DIR, 'index.html')));
  });
  return app;
}
