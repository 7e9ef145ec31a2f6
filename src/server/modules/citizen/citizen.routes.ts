import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedPage, auditNow } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { ACCESS_LOG_ACTION, readAccessLog } from './access-log.ts';
import { CitizenActions } from './citizen.policy.ts';
import { accessLogPageSchema, accessLogQuery, citizenViewSchema } from './citizen.schemas.ts';
import { buildCitizenExport } from './citizen-export.ts';
import { citizenPdf } from './citizen-pdf.ts';
import { citizenQueueRoutes } from './citizen-queue.routes.ts';
import { citizenSubjects, readCitizenView } from './read-citizen-view.ts';

const tags = ['Личный кабинет гражданина'];
const today = () => new Date().toISOString().slice(0, 10);
/** A download: Fastify sends the Buffer as it is, the schema only documents it. */
const fileResponse = (what: string) => z.instanceof(Buffer).describe(what);

/** The citizen's view of the data held about them and their children (152-ФЗ ст. 14). */
export const citizenRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // The preschool queue from the parent's side: in a file of its own, mounted with the cabinet.
  await app.register(citizenQueueRoutes);

  r.get(
    '/v1/citizen/me',
    {
      config: { policy: CitizenActions['citizen.self'] },
      schema: {
        operationId: 'getCitizenView',
        tags,
        summary: 'Сведения о гражданине и его детях, включая сведения о здоровье и согласия',
        response: { 200: citizenViewSchema, ...problemResponses },
      },
    },
    async (req) => {
      const { view, subjectIds } = await readCitizenView(req.ctx);
      await auditNow(req.ctx, {
        action: 'citizen.read',
        objectType: 'person',
        objectId: view.person?.id ?? null,
        subjectIds: subjectIds.length > 0 ? subjectIds : null,
        details: { children: view.children.length },
      });
      return view;
    },
  );

  r.get(
    '/v1/citizen/me/access-log',
    {
      config: { policy: CitizenActions['citizen.self'] },
      schema: {
        operationId: 'listCitizenAccessLog',
        tags,
        summary: 'Кто и когда обращался к сведениям о гражданине и его детях',
        querystring: accessLogQuery,
        response: { 200: accessLogPageSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ids = await citizenSubjects(req.ctx);
      const page = await readAccessLog(req.ctx, ids, req.query);
      // Recorded with the subjects, so an inspector can find it by person; readAccessLog leaves
      // this action out of what citizens are shown.
      return auditedPage(req.ctx, page, {
        action: ACCESS_LOG_ACTION,
        objectType: 'audit_log',
        subjectIds: ids.length > 0 ? ids : null,
      });
    },
  );

  r.get(
    '/v1/citizen/me/export.json',
    {
      config: { policy: CitizenActions['citizen.self'] },
      schema: {
        operationId: 'exportCitizenJson',
        tags,
        summary: 'Выгрузка всех сведений и журнала обращений (JSON)',
        response: { 200: fileResponse('JSON-файл'), ...problemResponses },
      },
    },
    async (req, reply) => {
      const x = await buildCitizenExport(req.ctx, 'json');
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="kontingent-my-data-${today()}.json"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(JSON.stringify(x, null, 2)));
    },
  );

  r.get(
    '/v1/citizen/me/export.pdf',
    {
      config: { policy: CitizenActions['citizen.self'] },
      schema: {
        operationId: 'exportCitizenPdf',
        tags,
        summary: 'Выгрузка всех сведений и журнала обращений (PDF)',
        response: { 200: fileResponse('PDF-файл'), ...problemResponses },
      },
    },
    async (req, reply) => {
      const pdf = await citizenPdf(await buildCitizenExport(req.ctx, 'pdf'));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="kontingent-my-data-${today()}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};
