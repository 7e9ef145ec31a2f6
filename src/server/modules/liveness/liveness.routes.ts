import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';

/** Liveness and database state for load balancers and monitoring; reveals no data. */
export const livenessRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      config: { policy: 'public' },
      schema: {
        operationId: 'getLiveness',
        tags: ['Служебные'],
        summary: 'Состояние сервиса и базы данных',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.object({
              status: z.literal('up'),
              latencyMs: z.number(),
              migration: z.string().nullable(),
            }),
          }),
          503: z.object({ status: z.literal('degraded'), database: z.object({ status: z.literal('down') }) }),
        },
      },
    },
    async (req, reply) => {
      const started = performance.now();
      try {
        const r = await sql<{ v: string | null }>`SELECT max(version) AS v FROM schema_migrations`.execute(
          req.ctx.db,
        );
        return {
          status: 'ok' as const,
          database: {
            status: 'up' as const,
            latencyMs: Math.round(performance.now() - started),
            migration: r.rows[0]?.v ?? null,
          },
        };
      } catch {
        return reply.code(503).send({ status: 'degraded' as const, database: { status: 'down' as const } });
      }
    },
  );
};
