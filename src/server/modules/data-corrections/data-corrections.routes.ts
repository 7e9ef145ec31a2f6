import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { CitizenActions } from '../citizen/citizen.policy.ts';
import { createDataCorrection } from './create-data-correction.ts';
import { DataCorrectionActions as A } from './data-corrections.policy.ts';
import { listCorrectionTasks, listOwnCorrections } from './data-corrections.queries.ts';
import {
  correctionListQuery,
  correctionParams,
  correctionTaskListSchema,
  createCorrectionSchema,
  ownCorrectionListSchema,
} from './data-corrections.schemas.ts';
import { resolveDataCorrection } from './resolve-data-correction.ts';

const tags = ['Обращения граждан об ошибках в данных'];

/** «Сообщить об ошибке в данных»: the citizen's report and the organization's queue of them. */
export const dataCorrectionsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/citizen/me/data-corrections',
    {
      // A burst guard per address; the daily limit per citizen is kept in the database.
      config: { policy: CitizenActions['citizen.self'], rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        operationId: 'createDataCorrection',
        tags,
        summary: 'Сообщить об ошибке в своих сведениях или сведениях ребенка',
        body: createCorrectionSchema,
        response: {
          201: z.object({ id: z.string(), status: z.enum(['open', 'done']), createdAt: z.string() }),
          ...problemResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await createDataCorrection(req.ctx, req.body)),
  );

  r.get(
    '/v1/citizen/me/data-corrections',
    {
      config: { policy: CitizenActions['citizen.self'] },
      schema: {
        operationId: 'listOwnDataCorrections',
        tags,
        summary: 'Сообщения гражданина об ошибках и их состояние',
        response: { 200: ownCorrectionListSchema, ...problemResponses },
      },
    },
    async (req) => {
      const items = await listOwnCorrections(req.ctx);
      return { items, timeZone: req.ctx.config.timeZone };
    },
  );

  r.get(
    '/v1/data-corrections',
    {
      config: { policy: A['data_correction.read'] },
      schema: {
        operationId: 'listDataCorrections',
        tags,
        summary: 'Обращения граждан об ошибках в данных, адресованные организациям в вашей области',
        querystring: correctionListQuery,
        response: { 200: correctionTaskListSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { items, subjects } = await listCorrectionTasks(req.ctx, req.query.status);
      await auditNow(req.ctx, {
        action: 'data_correction.list',
        objectType: 'data_correction_request',
        subjectIds: subjects.length > 0 ? subjects : null,
        details: { status: req.query.status, count: items.length },
      });
      return { items, timeZone: req.ctx.config.timeZone };
    },
  );

  r.post(
    '/v1/data-corrections/:id/resolve',
    {
      config: { policy: A['data_correction.resolve'] },
      schema: {
        operationId: 'resolveDataCorrection',
        tags,
        summary: 'Отметить обращение исправленным',
        params: correctionParams,
        response: {
          200: z.object({ id: z.string(), status: z.literal('done'), resolvedAt: z.string() }),
          ...problemResponses,
        },
      },
    },
    async (req) => resolveDataCorrection(req.ctx, req.params.id),
  );
};
