import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../../common/schemas/primitives.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { listCases, readCase } from './cases.queries.ts';
import { exportCases } from './export-cases.ts';
import { OutOfEducationActions as A } from './out-of-education.policy.ts';
import {
  caseCardSchema,
  casePageSchema,
  caseUpdateBody,
  exportQuery,
  listQuery,
} from './out-of-education.schemas.ts';
import { updateCase } from './update-case.ts';

const tags = ['Дети, не получающие образование'];
const idParams = z.strictObject({ id: uuid() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The municipality's inbox of children out of education and the work on each case. */
export const outOfEducationRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/out-of-education/cases',
    {
      config: { policy: A['out_of_education.read'] },
      schema: {
        operationId: 'listOutOfEducationCases',
        tags,
        summary: 'Случаи выявления детей, не получающих образование',
        querystring: listQuery,
        response: { 200: casePageSchema, ...problemResponses },
      },
    },
    async (req) => listCases(req.ctx, req.query),
  );

  r.get(
    '/v1/out-of-education/cases.xlsx',
    {
      config: { policy: A['out_of_education.read'] },
      schema: {
        operationId: 'exportOutOfEducationCases',
        tags,
        summary: 'Список для КДН или органа опеки (XLSX)',
        querystring: exportQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const file = await exportCases(req.ctx, req.query);
      const name = req.query.recipient === 'kdn' ? 'spisok-kdn.xlsx' : 'spisok-opeka.xlsx';
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );

  r.get(
    '/v1/out-of-education/cases/:id',
    {
      config: { policy: A['out_of_education.read'] },
      schema: {
        operationId: 'getOutOfEducationCase',
        tags,
        summary: 'Карточка случая с историей',
        params: idParams,
        response: { 200: caseCardSchema, ...problemResponses },
      },
    },
    async (req) => readCase(req.ctx, req.params.id),
  );

  r.patch(
    '/v1/out-of-education/cases/:id',
    {
      config: { policy: A['out_of_education.write'] },
      schema: {
        operationId: 'updateOutOfEducationCase',
        tags,
        summary: 'Статус, ответственный, срок, заметка (с версией записи)',
        params: idParams,
        body: caseUpdateBody,
        response: { 200: caseCardSchema, ...problemResponses },
      },
    },
    async (req) => updateCase(req.ctx, req.params.id, req.body),
  );
};
