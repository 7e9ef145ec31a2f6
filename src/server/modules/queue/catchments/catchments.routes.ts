import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { CatchmentActions as A } from './catchments.policy.ts';
import {
  catchmentListQuery,
  catchmentListSchema,
  catchmentParams,
  catchmentSchema,
  createCatchmentSchema,
  suggestionSchema,
  suggestQuery,
  updateCatchmentSchema,
} from './catchments.schemas.ts';
import { listCatchments } from './list-catchments.ts';
import { saveCatchment } from './save-catchment.ts';
import { suggestKindergartens } from './suggest-kindergartens.ts';

const tags = ['Закреплённые территории'];

/** Catchments (закреплённые территории): settlements, their kindergartens and the nearest catchments. */
export const catchmentsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/catchments',
    {
      config: { policy: A['catchment.read'] },
      schema: {
        operationId: 'listCatchments',
        tags,
        summary: 'Закреплённые территории муниципалитета',
        querystring: catchmentListQuery,
        response: { 200: catchmentListSchema, ...problemResponses },
      },
    },
    async (req) => listCatchments(req.ctx, req.query),
  );

  r.get(
    '/v1/catchments/suggest',
    {
      config: { policy: A['catchment.read'] },
      schema: {
        operationId: 'suggestKindergartens',
        tags,
        summary: 'Детские сады закреплённой территории адреса (по ОКТМО)',
        querystring: suggestQuery,
        response: { 200: suggestionSchema, ...problemResponses },
      },
    },
    async (req) => suggestKindergartens(req.ctx, req.query),
  );

  r.post(
    '/v1/catchments',
    {
      config: { policy: A['catchment.write'] },
      schema: {
        operationId: 'createCatchment',
        tags,
        summary: 'Добавить закреплённую территорию',
        body: createCatchmentSchema,
        response: { 201: catchmentSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await saveCatchment(req.ctx, { create: req.body })),
  );

  r.put(
    '/v1/catchments/:id',
    {
      config: { policy: A['catchment.write'] },
      schema: {
        operationId: 'updateCatchment',
        tags,
        summary: 'Изменить закреплённую территорию',
        params: catchmentParams,
        body: updateCatchmentSchema,
        response: { 200: catchmentSchema, ...problemResponses },
      },
    },
    async (req) => saveCatchment(req.ctx, { id: req.params.id, update: req.body }),
  );
};
