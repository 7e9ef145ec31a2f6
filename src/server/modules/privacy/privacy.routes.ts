import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedPage, auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { destroyPerson } from './destroy-person.ts';
import { destructionActPdf } from './destruction-act-pdf.ts';
import { listDestructionActs, readDestructionAct } from './destruction-acts.queries.ts';
import { EXPORT_FILES, type ExportFormat } from './export-formats.ts';
import { type ExportFilters, openPersonsExport } from './export-persons-csv.ts';
import { PrivacyActions } from './privacy.policy.ts';
import {
  actParams,
  actsPageSchema,
  actsQuery,
  destroyBody,
  destroyParams,
  destroyResult,
  exportCsvQuery,
  exportQuery,
} from './privacy.schemas.ts';

const tags = ['Защита персональных данных'];
const today = () => new Date().toISOString().slice(0, 10);

/** Pseudonymised export for analysts and lawful destruction with its acts. */
export const privacyRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { sessions, tokens } = app.services;

  const exportFile = async (
    req: FastifyRequest,
    reply: FastifyReply,
    query: ExportFilters & { format: ExportFormat },
  ) => {
    const { rows, stream } = await openPersonsExport(req.ctx, query);
    const file = EXPORT_FILES[query.format];
    return reply
      .header('content-type', file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="persons-pseudonymised-${today()}.${file.extension}"`,
      )
      .header('x-total-count', String(rows))
      .header('cache-control', 'no-store')
      .send(stream);
  };

  r.get(
    '/v1/exports/persons.csv',
    {
      config: { policy: PrivacyActions['person.export'] },
      schema: {
        operationId: 'exportPersonsCsv',
        tags,
        summary: 'Псевдонимизированная выгрузка обучающихся для аналитики (CSV, потоком)',
        description:
          'format=excel (по умолчанию): UTF-8 с BOM, разделитель «;», русские заголовки и значения — ' +
          'открывается в Excel. format=csv-en: прежний машиночитаемый формат — UTF-8 без BOM, ' +
          'разделитель «,», английские имена столбцов, коды значений.',
        querystring: exportCsvQuery,
        response: {
          200: z.instanceof(Readable).describe('CSV, UTF-8, строки CRLF'),
          ...problemResponses,
        },
      },
    },
    (req, reply) => exportFile(req, reply, { ...req.query, format: req.query.format ?? 'excel' }),
  );

  r.get(
    '/v1/exports/persons.xlsx',
    {
      config: { policy: PrivacyActions['person.export'] },
      schema: {
        tags,
        operationId: 'exportPersonsXlsx',
        summary: 'Псевдонимизированная выгрузка обучающихся для аналитики (XLSX, потоком)',
        querystring: exportQuery,
        response: {
          200: z.instanceof(Readable).describe('Книга XLSX: один лист, русские заголовки, ячейки — текст'),
          ...problemResponses,
        },
      },
    },
    (req, reply) => exportFile(req, reply, { ...req.query, format: 'xlsx' }),
  );

  r.post(
    '/v1/persons/:id/destroy',
    {
      config: { policy: PrivacyActions['person.destroy'] },
      schema: {
        operationId: 'destroyPerson',
        tags,
        summary: 'Уничтожение персональных данных с составлением акта',
        params: destroyParams,
        body: destroyBody,
        response: { 201: destroyResult, ...problemResponses },
      },
    },
    async (req, reply) => {
      const { closedUserIds, ...act } = await destroyPerson(req.ctx, req.params.id, req.body);
      // Committed: the closed accounts' sessions must not outlive the destruction in this process's cache.
      for (const id of closedUserIds) sessions.forgetUser(id);
      if (closedUserIds.length > 0) tokens.forget();
      return reply.code(201).send(act);
    },
  );

  r.get(
    '/v1/destruction-acts',
    {
      config: { policy: PrivacyActions['person.destroy'] },
      schema: {
        operationId: 'listDestructionActs',
        tags,
        summary: 'Акты об уничтожении персональных данных',
        querystring: actsQuery,
        response: { 200: actsPageSchema, ...problemResponses },
      },
    },
    async (req) =>
      auditedPage(req.ctx, await listDestructionActs(req.ctx, req.query), {
        action: 'destruction_act.list',
        objectType: 'destruction_act',
      }),
  );

  r.get(
    '/v1/destruction-acts/:id/pdf',
    {
      config: { policy: PrivacyActions['person.destroy'] },
      schema: {
        operationId: 'getDestructionActPdf',
        tags,
        summary: 'Акт об уничтожении персональных данных (PDF)',
        params: actParams,
        response: { 200: z.instanceof(Buffer).describe('PDF-файл'), ...problemResponses },
      },
    },
    async (req, reply) => {
      const act = await readDestructionAct(req.ctx, req.params.id);
      const pdf = await destructionActPdf(act);
      await auditNow(req.ctx, {
        action: 'destruction_act.read',
        objectType: 'destruction_act',
        objectId: act.act.id,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="destruction-act-${act.act.id}.pdf"; ` +
            `filename*=UTF-8''${encodeURIComponent(`Акт ${act.act.actNumber}.pdf`)}`,
        )
        .send(pdf);
    },
  );
};
