import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { getRun } from './get-run.ts';
import { listRuns } from './list-runs.ts';
import { previewPromotion } from './preview-promotion.ts';
import { PromotionActions as A } from './promotion.policy.ts';
import {
  previewResultSchema,
  previewSchema,
  runListQuery,
  runListSchema,
  runParams,
  runResultSchema,
  runSchema,
  undoSchema,
} from './promotion.schemas.ts';
import { runPromotion } from './run-promotion.ts';
import { undoPromotion } from './undo-promotion.ts';

const tags = ['Перевод в следующий класс'];

/** The year-end promotion wizard: preview, run (signs the orders), undo before the deadline. */
export const promotionRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/promotions/preview',
    {
      config: { policy: A['promotion.run'] },
      schema: {
        operationId: 'previewPromotion',
        tags,
        summary: 'Предложение перевода: классы следующего года и итоги по обучающимся',
        body: previewSchema,
        response: { 200: previewResultSchema, ...problemResponses },
      },
    },
    async (req) => previewPromotion(req.ctx, req.body),
  );

  r.post(
    '/v1/promotions',
    {
      config: { policy: A['promotion.run'] },
      schema: {
        operationId: 'runPromotion',
        tags,
        summary: 'Перевести в следующий класс: подписать приказы по каждой школе',
        body: runSchema,
        response: { 201: runResultSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await runPromotion(req.ctx, req.body)),
  );

  r.get(
    '/v1/promotions',
    {
      config: { policy: A['promotion.run'] },
      schema: {
        operationId: 'listPromotions',
        tags,
        summary: 'Последние переводы организации или территории в пределах доступа',
        querystring: runListQuery,
        response: { 200: runListSchema, ...problemResponses },
      },
    },
    async (req) => listRuns(req.ctx, req.query),
  );

  r.get(
    '/v1/promotions/:id',
    {
      config: { policy: A['promotion.run'] },
      schema: {
        operationId: 'getPromotion',
        tags,
        summary: 'Перевод: итоги и подписанные приказы',
        params: runParams,
        response: { 200: runResultSchema, ...problemResponses },
      },
    },
    async (req) => getRun(req.ctx, req.params.id),
  );

  r.post(
    '/v1/promotions/:id/undo',
    {
      config: { policy: A['promotion.undo'] },
      schema: {
        operationId: 'undoPromotion',
        tags,
        summary: 'Отменить перевод целиком до истечения срока',
        params: runParams,
        body: undoSchema,
        response: { 200: runResultSchema, ...problemResponses },
      },
    },
    async (req) => undoPromotion(req.ctx, req.params.id, req.body),
  );
};
