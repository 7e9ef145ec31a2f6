import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { AccessRequestActions as A } from './access-requests.policy.ts';
import { listAccessRequests } from './access-requests.queries.ts';
import {
  accessRequestListQuery,
  accessRequestListSchema,
  accessRequestParams,
  approveBodySchema,
  createAccessRequestSchema,
  rejectBodySchema,
} from './access-requests.schemas.ts';
import { createAccessRequest } from './create-access-request.ts';
import { approveAccessRequest, cancelAccessRequest, rejectAccessRequest } from './decide-access-request.ts';

const tags = ['Запросы доступа'];
const decided = z.object({ id: z.string(), status: z.string() });

/** Access requests: how an organization gets a record outside its scope, with the holder's consent. */
export const accessRequestsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/access-requests',
    {
      config: { policy: A['access_request.create'] },
      schema: {
        operationId: 'createAccessRequest',
        tags,
        summary: 'Направить запрос доступа по токену совпадения из ответа контроля дубликатов',
        body: createAccessRequestSchema,
        response: {
          201: z.object({ id: z.string(), kind: z.string(), status: z.string(), createdAt: z.string() }),
          ...problemResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await createAccessRequest(req.ctx, req.body)),
  );

  r.get(
    '/v1/access-requests',
    {
      config: { policy: A['access_request.read'] },
      schema: {
        operationId: 'listAccessRequests',
        tags,
        summary: 'Входящие (к вашей организации) или исходящие запросы доступа',
        querystring: accessRequestListQuery,
        response: { 200: accessRequestListSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { items, subjects } = await listAccessRequests(req.ctx, req.query);
      await auditNow(req.ctx, {
        action: 'access_request.list',
        objectType: 'access_request',
        subjectIds: subjects,
        details: { box: req.query.box, count: items.length },
      });
      return { items };
    },
  );

  r.post(
    '/v1/access-requests/:id/approve',
    {
      config: { policy: A['access_request.decide'] },
      schema: {
        operationId: 'approveAccessRequest',
        tags,
        summary: 'Одобрить запрос: зачисление или связь с представителем выполняются сразу',
        params: accessRequestParams,
        body: approveBodySchema,
        response: { 200: decided, ...problemResponses },
      },
    },
    async (req) => approveAccessRequest(req.ctx, req.params.id, req.body.reason ?? null),
  );

  r.post(
    '/v1/access-requests/:id/reject',
    {
      config: { policy: A['access_request.decide'] },
      schema: {
        operationId: 'rejectAccessRequest',
        tags,
        summary: 'Отклонить запрос с указанием причины',
        params: accessRequestParams,
        body: rejectBodySchema,
        response: { 200: decided, ...problemResponses },
      },
    },
    async (req) => rejectAccessRequest(req.ctx, req.params.id, req.body.reason),
  );

  r.post(
    '/v1/access-requests/:id/cancel',
    {
      config: { policy: A['access_request.create'] },
      schema: {
        operationId: 'cancelAccessRequest',
        tags,
        summary: 'Отозвать свой запрос, пока по нему не принято решение',
        params: accessRequestParams,
        response: { 200: decided, ...problemResponses },
      },
    },
    async (req) => cancelAccessRequest(req.ctx, req.params.id),
  );
};
