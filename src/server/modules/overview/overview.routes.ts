import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { OverviewActions as A } from './overview.policy.ts';
import { readOverview } from './overview.queries.ts';
import { overviewSchema } from './overview.schemas.ts';

export const overviewRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/overview',
    {
      config: { policy: A['overview.read'] },
      schema: {
        tags: ['Сводные показатели'],
        summary: 'Организации и обучающиеся в цифрах по муниципалитетам (без персональных данных)',
        operationId: 'getOverview',
        response: { 200: overviewSchema, ...problemResponses },
      },
    },
    async (req) => readOverview(req.ctx),
  );
};
