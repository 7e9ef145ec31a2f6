import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { TerritoryActions as A } from './territories.policy.ts';
import { listTerritories } from './territories.queries.ts';

const territorySchema = z.object({
  id: z.string(),
  kind: z.enum(['region', 'municipality', 'district']),
  name: z.string(),
  oktmo: z.string().nullable(),
  parentId: z.string().nullable(),
});

export const territoriesRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/territories',
    {
      config: { policy: A['territory.read'] },
      schema: {
        operationId: 'listTerritories',
        tags: ['Территории'],
        summary: 'Регион, муниципальные образования и районы',
        response: { 200: z.object({ items: z.array(territorySchema) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listTerritories(req.ctx) }),
  );
};
