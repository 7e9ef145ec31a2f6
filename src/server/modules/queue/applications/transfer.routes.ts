import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { applicationParams } from './applications.schemas.ts';
import { acceptTransfer, refuseTransfer } from './decide-transfer.ts';
import { listTransfers } from './list-transfers.ts';
import { QueueActions as A } from './queue.policy.ts';
import { requestTransfer } from './request-transfer.ts';
import {
  acceptTransferSchema,
  refuseTransferSchema,
  requestTransferSchema,
  transferListQuery,
  transferListSchema,
  transferParams,
  transferSchema,
} from './transfers.schemas.ts';

/**
 * A family moves: the application goes to the receiving municipality's queue with its registration
 * kept. Mounted by queue.routes.ts.
 */
export function transferRoutes(app: FastifyInstance, tags: string[]) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/preschool-applications/:id/transfers',
    {
      config: { policy: A['application.transfer'] },
      schema: {
        operationId: 'requestPreschoolApplicationTransfer',
        tags,
        summary: 'Передать заявление в очередь другого муниципалитета (с сохранением даты постановки)',
        params: applicationParams,
        body: requestTransferSchema,
        response: { 201: transferSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await requestTransfer(req.ctx, req.params.id, req.body)),
  );

  r.get(
    '/v1/preschool-application-transfers',
    {
      config: { policy: A['application.read'] },
      schema: {
        operationId: 'listPreschoolApplicationTransfers',
        tags,
        summary: 'Запросы на перевод заявлений: входящие и исходящие, со сроком решения',
        querystring: transferListQuery,
        response: { 200: transferListSchema, ...problemResponses },
      },
    },
    async (req) => listTransfers(req.ctx, req.query),
  );

  r.post(
    '/v1/preschool-application-transfers/:id/accept',
    {
      config: { policy: A['application.transfer'] },
      schema: {
        operationId: 'acceptPreschoolApplicationTransfer',
        tags,
        summary: 'Принять заявление в очередь муниципалитета с выбором его детских садов',
        params: transferParams,
        body: acceptTransferSchema,
        response: { 200: transferSchema, ...problemResponses },
      },
    },
    async (req) => acceptTransfer(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/v1/preschool-application-transfers/:id/refuse',
    {
      config: { policy: A['application.transfer'] },
      schema: {
        operationId: 'refusePreschoolApplicationTransfer',
        tags,
        summary: 'Отказать в переводе заявления с указанием причины',
        params: transferParams,
        body: refuseTransferSchema,
        response: { 200: transferSchema, ...problemResponses },
      },
    },
    async (req) => refuseTransfer(req.ctx, req.params.id, req.body),
  );
}
