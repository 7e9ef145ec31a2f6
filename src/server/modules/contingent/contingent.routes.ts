import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { ContingentActions as A } from './contingent.policy.ts';
import { contingentForExport, listContingent } from './contingent.queries.ts';
import {
  contingentExportQuery,
  contingentPage,
  contingentParams,
  contingentQuery,
} from './contingent.schemas.ts';
import { contingentWorkbook } from './contingent-xlsx.ts';

const tags = ['Контингент организации'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const contingentRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/organizations/:id/contingent',
    {
      config: { policy: A['contingent.read'] },
      schema: {
        operationId: 'listContingent',
        tags,
        summary: 'Обучающиеся организации: сейчас, выбывшие или все, с итогами',
        params: contingentParams,
        querystring: contingentQuery,
        response: { 200: contingentPage, ...problemResponses },
      },
    },
    async (req) => {
      const page = await listContingent(req.ctx, req.params.id, req.query);
      await auditNow(req.ctx, {
        action: 'contingent.read',
        objectType: 'organization',
        objectId: req.params.id,
        subjectIds: page.items.map((i) => i.personId),
        details: { status: req.query.status, results: page.items.length },
      });
      return page;
    },
  );

  r.get(
    '/v1/organizations/:id/contingent.xlsx',
    {
      config: { policy: A['contingent.read'] },
      schema: {
        operationId: 'exportContingentXlsx',
        tags,
        summary: 'Список обучающихся организации в XLSX',
        params: contingentParams,
        querystring: contingentExportQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { organization, items } = await contingentForExport(req.ctx, req.params.id, req.query);
      const file = await contingentWorkbook(organization, req.query.status, items);
      await auditNow(req.ctx, {
        action: 'contingent.export',
        objectType: 'organization',
        objectId: req.params.id,
        subjectIds: items.map((i) => i.personId),
        details: { status: req.query.status, rows: items.length },
      });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="contingent-${req.params.id}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
};
