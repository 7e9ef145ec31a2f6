import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../platform/access/policy.ts';
import { auditNow } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { problemResponses, problemSchema } from '../../platform/http/openapi.ts';
import { ContingentImportActions as A } from './contingent-import.policy.ts';
import { importRejects, listImports, loadImport, readImport } from './contingent-import.queries.ts';
import {
  contingentImportDetailSchema,
  contingentImportPage,
  decisionBody,
  heldRowParams,
  importParams,
  importsQuery,
  uploadQuery,
} from './contingent-import.schemas.ts';
import { decideHeldRow } from './decide-held-row.ts';
import { rejectsWorkbook, templateWorkbook } from './import-xlsx.ts';
import { startImport } from './start-import.ts';

const tags = ['Загрузка контингента'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What a file may be sent as: its own type, or bytes without one. */
const FILE_TYPES = [XLSX, 'text/csv', 'application/octet-stream'];
/** 100,000 rows with room to spare; a 10 MB cell still fits and is reported by its row. */
const FILE_LIMIT = 48 * 1024 * 1024;

const sendXlsx = (reply: FastifyReply, file: Buffer, name: string) =>
  reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(file);

export const contingentImportRoutes: FastifyPluginAsync = async (app) => {
  // Only this plugin's routes take files as the request body.
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: FILE_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/contingent-imports/template.xlsx',
    {
      config: { policy: A['contingent_import.run'] },
      schema: {
        operationId: 'contingentImportTemplate',
        tags,
        summary: 'Шаблон файла контингента (XLSX) с листом «Справка»',
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      authorize(req.ctx.actor!, A['contingent_import.run']);
      return sendXlsx(reply, await templateWorkbook(), 'kontingent-shablon.xlsx');
    },
  );

  r.post(
    '/v1/contingent-imports',
    {
      config: { policy: A['contingent_import.run'] },
      bodyLimit: FILE_LIMIT,
      schema: {
        operationId: 'uploadContingentImport',
        tags,
        summary: 'Загрузить списки обучающихся организации (XLSX или CSV); строки записываются в фоне',
        description:
          'Тело запроса — содержимое файла XLSX или CSV (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, text/csv или application/octet-stream). ' +
          'Столбцы — как в шаблоне /api/v1/contingent-imports/template.xlsx. Ответ 202: загрузка с ходом выполнения.',
        consumes: FILE_TYPES,
        querystring: uploadQuery,
        body: z.unknown(),
        response: {
          202: contingentImportDetailSchema,
          413: problemSchema,
          415: problemSchema,
          ...problemResponses,
        },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) {
        throw new AppError(
          'unsupported_media_type',
          'Отправьте файл XLSX или CSV как тело запроса (Content-Type: text/csv, XLSX или application/octet-stream)',
        );
      }
      const view = await startImport(req.ctx, {
        body: req.body,
        fileName: req.query.fileName ?? null,
        organizationId: req.query.organizationId,
      });
      return reply.code(202).send(view);
    },
  );

  r.get(
    '/v1/contingent-imports',
    {
      config: { policy: A['contingent_import.run'] },
      schema: {
        operationId: 'listContingentImports',
        tags,
        summary: 'Загрузки контингента организаций в области доступа, новые первыми',
        querystring: importsQuery,
        response: { 200: contingentImportPage, ...problemResponses },
      },
    },
    async (req) => listImports(req.ctx, req.query),
  );

  r.get(
    '/v1/contingent-imports/:id',
    {
      config: { policy: A['contingent_import.run'] },
      schema: {
        operationId: 'getContingentImport',
        tags,
        summary: 'Ход загрузки: строки прочитаны, записаны, отклонены, ожидают решения',
        params: importParams,
        response: { 200: contingentImportDetailSchema, ...problemResponses },
      },
    },
    async (req) => readImport(req.ctx, req.params.id),
  );

  r.get(
    '/v1/contingent-imports/:id/rejects.xlsx',
    {
      config: { policy: A['contingent_import.run'] },
      schema: {
        operationId: 'exportContingentImportRejects',
        tags,
        summary: 'Не загруженные строки с исходными значениями и причиной по каждой ячейке (XLSX)',
        params: importParams,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const imp = await loadImport(req.ctx.db, req.ctx, req.params.id);
      const rejects = await importRejects(req.ctx.db, imp.id);
      const file = await rejectsWorkbook(rejects);
      await auditNow(req.ctx, {
        action: 'contingent_import.rejects_export',
        objectType: 'contingent_import',
        objectId: imp.id,
        details: { rows: rejects.length },
      });
      return sendXlsx(reply, file, `kontingent-oshibki-${imp.id}.xlsx`);
    },
  );

  r.post(
    '/v1/contingent-imports/:id/rows/:rowIndex/decision',
    {
      config: { policy: A['contingent_import.run'] },
      schema: {
        operationId: 'decideContingentImportRow',
        tags,
        summary:
          'Решение по строке, похожей на человека из реестра: тот же человек (link) или другой (create)',
        params: heldRowParams,
        body: decisionBody,
        response: { 200: contingentImportDetailSchema, ...problemResponses },
      },
    },
    async (req) => decideHeldRow(req.ctx, req.params.id, req.params.rowIndex, req.body.decision),
  );
};
