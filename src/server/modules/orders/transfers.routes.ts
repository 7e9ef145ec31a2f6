import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../../common/schemas/primitives.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { PersonActions } from '../persons/persons.policy.ts';
import { lateEntriesQuery, lateEntriesSchema, listLateEntries } from './late-entries.queries.ts';
import { OrderActions as A } from './orders.policy.ts';
import { readPersonTrajectory, trajectorySchema } from './read-trajectory.ts';
import { listExpectedArrivals, listNotArrived, pendingTransferListSchema } from './transfers.queries.ts';

const tags = ['Движение контингента'];
const idParams = z.strictObject({ id: uuid() });

/** Where a learner goes between organizations, and the path of one learner over the years. */
export const transfersRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/organizations/:id/expected-arrivals',
    {
      config: { policy: A['transfer.read'] },
      schema: {
        operationId: 'listExpectedArrivals',
        tags,
        summary: 'Ожидаемые по переводу из других организаций',
        params: idParams,
        response: { 200: pendingTransferListSchema, ...problemResponses },
      },
    },
    async (req) => listExpectedArrivals(req.ctx, req.params.id),
  );

  r.get(
    '/v1/transfers/not-arrived',
    {
      config: { policy: A['transfer.read'] },
      schema: {
        operationId: 'listNotArrived',
        tags,
        summary: '«Выбыл и не прибыл»: переводы, не принятые в срок',
        response: { 200: pendingTransferListSchema, ...problemResponses },
      },
    },
    async (req) => listNotArrived(req.ctx),
  );

  r.get(
    '/v1/orders/late-entries',
    {
      config: { policy: A['order.read'] },
      schema: {
        operationId: 'listLateOrderEntries',
        tags,
        summary: 'Несвоевременное внесение приказов: строки, внесённые позже одного рабочего дня',
        querystring: lateEntriesQuery,
        response: { 200: lateEntriesSchema, ...problemResponses },
      },
    },
    async (req) => listLateEntries(req.ctx, req.query),
  );

  r.get(
    '/v1/persons/:id/trajectory',
    {
      config: { policy: PersonActions['person.read'] },
      schema: {
        operationId: 'getPersonTrajectory',
        tags,
        summary: 'История обучения: зачисления, классы, статусы и приказы',
        params: idParams,
        response: { 200: trajectorySchema, ...problemResponses },
      },
    },
    async (req) => readPersonTrajectory(req.ctx, req.params.id),
  );
};
