import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { cellLearners } from './cell-learners.ts';
import { cellUnits } from './cell-units.ts';
import { computeReport } from './compute-report.ts';
import { consolidateSubmissions } from './consolidate-submissions.ts';
import { formRegistry } from './definitions.ts';
import { listForms } from './list-forms.ts';
import { manualCellsBody, manualCellsQuery, manualCellsSchema } from './manual-cells.schemas.ts';
import { readManualCells } from './read-manual-cells.ts';
import { exportReportPdf } from './report-pdf.ts';
import { exportReport } from './report-xlsx.ts';
import { returnSubmission } from './return-submission.ts';
import { saveManualCells } from './save-manual-cells.ts';
import { signReport } from './sign-report.ts';
import { StatFormActions as A } from './stat-forms.policy.ts';
import {
  cellParams,
  formParams,
  formsSchema,
  learnersQuery,
  learnersSchema,
  reportQuery,
  reportSchema,
  unitsSchema,
} from './stat-forms.schemas.ts';
import { submissionProgress } from './submission-progress.ts';
import {
  consolidatedQuery,
  consolidatedSchema,
  progressQuery,
  progressSchema,
  returnBody,
  signBody,
  submissionParams,
  submissionSchema,
} from './submissions.schemas.ts';

const tags = ['Статистические формы'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Statistical forms from versioned definitions: the register, computed cells, the learners behind a cell. */
export const statFormsRoutes: FastifyPluginAsync = async (app) => {
  // A broken definition file stops the server at start, with each problem named.
  formRegistry();
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/stat-forms',
    {
      config: { policy: A['statForm.read'] },
      schema: {
        operationId: 'listStatForms',
        tags,
        summary: 'Реестр статистических форм: редакции, приказы об утверждении, отчетная дата',
        response: { 200: formsSchema, ...problemResponses },
      },
    },
    async () => listForms(),
  );

  r.get(
    '/v1/stat-forms/:code/editions/:edition/report',
    {
      config: { policy: A['statForm.read'] },
      schema: {
        operationId: 'getStatFormReport',
        tags,
        summary: 'Форма, рассчитанная по организации или территории на отчетную дату, и нарушенные контроли',
        params: formParams,
        querystring: reportQuery,
        response: { 200: reportSchema, ...problemResponses },
      },
    },
    async (req) => computeReport(req.ctx, req.params.code, req.params.edition, req.query),
  );

  r.get(
    '/v1/stat-forms/:code/editions/:edition/report.xlsx',
    {
      config: { policy: A['statForm.read'] },
      schema: {
        operationId: 'exportStatFormReport',
        tags,
        summary: 'Рассчитанная форма в макете Росстата и нарушенные контроли (XLSX)',
        params: formParams,
        querystring: reportQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { file, name } = await exportReport(req.ctx, req.params.code, req.params.edition, req.query);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );

  r.get(
    '/v1/stat-forms/:code/editions/:edition/report.pdf',
    {
      config: { policy: A['statForm.read'] },
      schema: {
        operationId: 'exportStatFormReportPdf',
        tags,
        summary:
          'Форма для подписи (PDF): подписанные цифры, если организация подписала, иначе черновик расчета',
        params: formParams,
        querystring: reportQuery,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const { file, name } = await exportReportPdf(req.ctx, req.params.code, req.params.edition, req.query);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );

  r.get(
    '/v1/stat-forms/:code/editions/:edition/cells/:row/:column/learners',
    {
      config: { policy: A['statForm.learners.read'] },
      schema: {
        operationId: 'listStatFormCellLearners',
        tags,
        summary: 'Обучающиеся, которых считает ячейка формы (расшифровка)',
        params: cellParams,
        querystring: learnersQuery,
        response: { 200: learnersSchema, ...problemResponses },
      },
    },
    async (req) => cellLearners(req.ctx, req.params, req.query),
  );

  r.get(
    '/v1/stat-forms/:code/editions/:edition/cells/:row/:column/units',
    {
      config: { policy: A['statForm.read'] },
      schema: {
        operationId: 'listStatFormCellUnits',
        tags,
        summary: 'Классы (группы), которые считает ячейка формы (расшифровка)',
        params: cellParams,
        querystring: learnersQuery,
        response: { 200: unitsSchema, ...problemResponses },
      },
    },
    async (req) => cellUnits(req.ctx, req.params, req.query),
  );

  r.get(
    '/v1/stat-forms/:code/editions/:edition/manual-cells',
    {
      config: { policy: A['statForm.read'] },
      schema: {
        operationId: 'getStatFormManualCells',
        tags,
        summary: 'Ячейки формы, которые организация ввела вручную на отчетную дату, и их версия',
        params: formParams,
        querystring: manualCellsQuery,
        response: { 200: manualCellsSchema, ...problemResponses },
      },
    },
    async (req) => readManualCells(req.ctx, req.params.code, req.params.edition, req.query),
  );

  r.put(
    '/v1/stat-forms/:code/editions/:edition/manual-cells',
    {
      config: { policy: A['statForm.sign'] },
      schema: {
        operationId: 'saveStatFormManualCells',
        tags,
        summary:
          'Ввести ячейки формы, которых реестр не знает (до подписания), по версии, которую видел пользователь',
        params: formParams,
        body: manualCellsBody,
        response: { 200: manualCellsSchema, ...problemResponses },
      },
    },
    async (req) => saveManualCells(req.ctx, req.params.code, req.params.edition, req.body),
  );

  r.post(
    '/v1/stat-forms/:code/editions/:edition/submissions',
    {
      config: { policy: A['statForm.sign'] },
      schema: {
        operationId: 'signStatForm',
        tags,
        summary:
          'Подписать форму организации на отчетную дату: цифры сохраняются такими, как рассчитаны сейчас',
        params: formParams,
        body: signBody,
        response: { 201: submissionSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await signReport(req.ctx, req.params.code, req.params.edition, req.body)),
  );

  r.get(
    '/v1/stat-forms/:code/editions/:edition/submissions',
    {
      config: { policy: A['statForm.read'] },
      schema: {
        operationId: 'listStatFormSubmissions',
        tags,
        summary: 'Кто сдал форму на отчетную дату: подписана, возвращена, не сдана',
        params: formParams,
        querystring: progressQuery,
        response: { 200: progressSchema, ...problemResponses },
      },
    },
    async (req) => submissionProgress(req.ctx, req.params.code, req.params.edition, req.query),
  );

  r.get(
    '/v1/stat-forms/:code/editions/:edition/consolidated',
    {
      config: { policy: A['statForm.read'] },
      schema: {
        operationId: 'getConsolidatedStatForm',
        tags,
        summary: 'Сводная форма территории: сумма подписанных форм ее организаций',
        params: formParams,
        querystring: consolidatedQuery,
        response: { 200: consolidatedSchema, ...problemResponses },
      },
    },
    async (req) => consolidateSubmissions(req.ctx, req.params.code, req.params.edition, req.query),
  );

  r.post(
    '/v1/stat-form-submissions/:id/return',
    {
      config: { policy: A['statForm.return'] },
      schema: {
        operationId: 'returnStatFormSubmission',
        tags,
        summary: 'Вернуть подписанную форму организации на исправление с указанием причины',
        params: submissionParams,
        body: returnBody,
        response: { 200: submissionSchema, ...problemResponses },
      },
    },
    async (req) => returnSubmission(req.ctx, req.params.id, req.body),
  );
};
