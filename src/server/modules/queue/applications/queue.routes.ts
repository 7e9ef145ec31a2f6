import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import {
  applicationListQuery,
  applicationListSchema,
  applicationParams,
  applicationSchema,
  changeStatusSchema,
  decideRightSchema,
  fileApplicationSchema,
  publicNumberParams,
  publicPositionSchema,
  rightParams,
} from './applications.schemas.ts';
import { changeApplicationStatus } from './change-application-status.ts';
import { decideRight } from './decide-right.ts';
import { fileApplication } from './file-application.ts';
import { listApplications } from './list-applications.ts';
import { QueueActions as A } from './queue.policy.ts';
import { readApplication } from './read-application.ts';
import { readPublicPosition } from './read-public-position.ts';
import { transferRoutes } from './transfer.routes.ts';

const tags = ['Очередь в детские сады'];

/** Applications for a kindergarten place: filing, the queue, rights and the lifecycle. */
export const queueRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/preschool-applications',
    {
      config: { policy: A['application.read'] },
      schema: {
        operationId: 'listPreschoolApplications',
        tags,
        summary: 'Очередь: заявления в порядке регистрации',
        querystring: applicationListQuery,
        response: { 200: applicationListSchema, ...problemResponses },
      },
    },
    async (req) => listApplications(req.ctx, req.query),
  );

  r.post(
    '/v1/preschool-applications',
    {
      config: { policy: A['application.file'] },
      schema: {
        operationId: 'filePreschoolApplication',
        tags,
        summary: 'Зарегистрировать заявление в детский сад',
        body: fileApplicationSchema,
        response: { 201: applicationSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await fileApplication(req.ctx, req.body)),
  );

  r.get(
    '/v1/preschool-applications/:id',
    {
      config: { policy: A['application.read'] },
      schema: {
        operationId: 'getPreschoolApplication',
        tags,
        summary: 'Заявление: детские сады, льготы, история',
        params: applicationParams,
        response: { 200: applicationSchema, ...problemResponses },
      },
    },
    async (req) => readApplication(req.ctx, req.params.id),
  );

  r.post(
    '/v1/preschool-applications/:id/status',
    {
      config: { policy: A['application.review'] },
      schema: {
        operationId: 'changePreschoolApplicationStatus',
        tags,
        summary: 'Сменить статус заявления с указанием причины',
        params: applicationParams,
        body: changeStatusSchema,
        response: { 200: applicationSchema, ...problemResponses },
      },
    },
    async (req) => changeApplicationStatus(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/v1/preschool-applications/:id/rights/:rightId/decision',
    {
      config: { policy: A['application.review'] },
      schema: {
        operationId: 'decidePreschoolApplicationRight',
        tags,
        summary: 'Подтвердить льготу или отказать в ней',
        params: rightParams,
        body: decideRightSchema,
        response: { 200: applicationSchema, ...problemResponses },
      },
    },
    async (req) => decideRight(req.ctx, req.params.id, req.params.rightId, req.body),
  );

  // Transfers between municipalities (transfer.routes.ts).
  transferRoutes(app, tags);

  // Anyone with the number: no personal data, and limited per address so numbers are not walked.
  r.get(
    '/v1/public/preschool-applications/:number',
    {
      config: { policy: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        operationId: 'getPublicQueuePosition',
        tags,
        summary: 'Положение заявления в очереди по его номеру (без персональных данных)',
        params: publicNumberParams,
        response: { 200: publicPositionSchema, ...problemResponses },
      },
    },
    async (req) => readPublicPosition(req.ctx, req.params.number),
  );
};
