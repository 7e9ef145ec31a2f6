import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditNow } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { problemResponses, problemSchema } from '../../platform/http/openapi.ts';
import { personIdParams } from '../persons/persons.schemas.ts';
import { readPerson } from '../persons/read-person.ts';
import { GiaActions as A } from './gia.policy.ts';
import { importRejects, listImports, personGiaResults, readImport } from './gia.queries.ts';
import {
  giaImportDetailSchema,
  giaImportPage,
  giaImportParams,
  giaImportsQuery,
  giaResultsSchema,
  giaUploadQuery,
} from './gia.schemas.ts';
import { rejectsWorkbook } from './gia-report-xlsx.ts';
import { importGiaResults } from './import-gia-results.ts';

const tags = ['Результаты ГИА'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What a file may be sent as: its own type, or bytes without one. */
const FILE_TYPES = [XLSX, 'text/csv', 'application/octet-stream'];
/** A region's whole subject with room to spare; a 10 MB cell still fits and is reported by its row. */
const FILE_LIMIT = 32 * 1024 * 1024;

export const giaRoutes: FastifyPluginAsync = async (app) => {
  // Only this plugin's routes take files as the request body.
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: FILE_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/gia-imports',
    {
      config: { policy: A['gia.import'] },
      bodyLimit: FILE_LIMIT,
      schema: {
        operationId: 'importGiaResults',
        tags,
        summary: 'Загрузить файл результатов ГИА (ОГЭ, ЕГЭ, ГВЭ) от РЦОИ',
        description:
          'Тело запроса — содержимое файла XLSX или CSV (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, text/csv или application/octet-stream). ' +
          'Столбцы: Фамилия, Имя, Отчество, Вид документа, Серия документа, Номер документа, Вид экзамена, Предмет, Дата экзамена, Первичный балл, Тестовый балл, Отметка, Код ОО.',
        consumes: FILE_TYPES,
        querystring: giaUploadQuery,
        body: z.unknown(),
        response: { 201: giaImportDetailSchema, 413: problemSchema, 415: problemSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) {
        throw new AppError(
          'unsupported_media_type',
          'Отправьте файл XLSX или CSV как тело запроса (Content-Type: text/csv, XLSX или application/octet-stream)',
        );
      }
      const view = await importGiaResults(req.ctx, { body: req.body, fileName: req.query.fileName ?? null });
      return reply.code(201).send(view);
    },
  );

  r.get(
    '/v1/gia-imports',
    {
      config: { policy: A['gia.import'] },
      schema: {
        operationId: 'listGiaImports',
        tags,
        summary: 'Загрузки результатов ГИА в области доступа, новые первыми',
        querystring: giaImportsQuery,
        response: { 200: giaImportPage, ...problemResponses },
      },
    },
    async (req) => listImports(req.ctx, req.query),
  );

  r.get(
    '/v1/gia-imports/:id',
    {
      config: { policy: A['gia.import'] },
      schema: {
        operationId: 'getGiaImport',
        tags,
        summary: 'Итоги загрузки: строки, записанные, неизменные, не загруженные (первые с причинами)',
        params: giaImportParams,
        response: { 200: giaImportDetailSchema, ...problemResponses },
      },
    },
    async (req) => readImport(req.ctx, req.params.id),
  );

  r.get(
    '/v1/gia-imports/:id/unmatched.xlsx',
    {
      config: { policy: A['gia.import'] },
      schema: {
        operationId: 'exportGiaUnmatchedXlsx',
        tags,
        summary: 'Не загруженные строки файла с причиной по каждой (XLSX)',
        params: giaImportParams,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const imp = await readImport(req.ctx, req.params.id, { audit: false });
      const rejects = await importRejects(req.ctx.db, imp.id);
      const file = await rejectsWorkbook(imp, rejects);
      await auditNow(req.ctx, {
        action: 'gia.unmatched_export',
        objectType: 'gia_import',
        objectId: imp.id,
        details: { rows: rejects.length },
      });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="gia-unmatched-${imp.id}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );

  r.get(
    '/v1/persons/:id/gia-results',
    {
      config: { policy: A['gia.read'] },
      schema: {
        operationId: 'listPersonGiaResults',
        tags,
        summary: 'Результаты ГИА обучающегося',
        params: personIdParams,
        response: { 200: giaResultsSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { data } = await readPerson(req.ctx, req.params.id, {
        action: A['gia.read'],
        load: async (card) => (await personGiaResults(req.ctx.db, [card.id])).get(card.id) ?? [],
        audit: (card, items) => ({
          action: 'gia.read',
          objectType: 'gia_results',
          subjectIds: [card.id],
          details: { results: items.length },
        }),
      });
      return { items: data };
    },
  );
};
