import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { DataQualityActions as A } from './data-quality.policy.ts';
import {
  checksSchema,
  findingsQuery,
  findingsSchema,
  organizationParams,
  recheckSchema,
  runsSchema,
  scopeQuery,
  scoresSchema,
  startedSchema,
} from './data-quality.schemas.ts';
import { dataQualityScores } from './data-quality-scores.ts';
import { listChecks } from './list-checks.ts';
import { listFindings } from './list-findings.ts';
import { listRuns } from './list-runs.ts';
import { recheckOrganization } from './recheck-organization.ts';
import { startDataQualityRun } from './start-run.ts';

const tags = ['Качество данных'];

/** The monthly data-quality control: its catalogue, runs, scores, findings and a recheck after fixing. */
export const dataQualityRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/data-quality/checks',
    {
      config: { policy: A['dataQuality.read'] },
      schema: {
        operationId: 'listDataQualityChecks',
        tags,
        summary: 'Каталог проверок: что находит, насколько серьезно и как исправить',
        response: { 200: checksSchema, ...problemResponses },
      },
    },
    async () => listChecks(),
  );

  r.get(
    '/v1/data-quality/runs',
    {
      config: { policy: A['dataQuality.read'] },
      schema: {
        operationId: 'listDataQualityRuns',
        tags,
        summary: 'Проверки качества данных за два года',
        response: { 200: runsSchema, ...problemResponses },
      },
    },
    async (req) => listRuns(req.ctx),
  );

  r.post(
    '/v1/data-quality/runs',
    {
      config: { policy: A['dataQuality.run'] },
      schema: {
        operationId: 'startDataQualityRun',
        tags,
        summary: 'Запустить проверку качества данных региона вне расписания (фоновая задача)',
        response: { 202: startedSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(202).send(await startDataQualityRun(req.ctx)),
  );

  r.get(
    '/v1/data-quality/scores',
    {
      config: { policy: A['dataQuality.read'] },
      schema: {
        operationId: 'getDataQualityScores',
        tags,
        summary: 'Оценка качества данных организации или территории по последней проверке и ее динамика',
        querystring: scopeQuery,
        response: { 200: scoresSchema, ...problemResponses },
      },
    },
    async (req) => dataQualityScores(req.ctx, req.query),
  );

  r.get(
    '/v1/data-quality/findings',
    {
      config: { policy: A['dataQuality.findings.read'] },
      schema: {
        operationId: 'listDataQualityFindings',
        tags,
        summary: 'Замечания проверки по организации или территории',
        querystring: findingsQuery,
        response: { 200: findingsSchema, ...problemResponses },
      },
    },
    async (req) => listFindings(req.ctx, req.query),
  );

  r.post(
    '/v1/data-quality/organizations/:id/recheck',
    {
      config: { policy: A['dataQuality.recheck'] },
      schema: {
        operationId: 'recheckDataQuality',
        tags,
        summary: 'Проверить данные организации заново после исправления',
        params: organizationParams,
        response: { 200: recheckSchema, ...problemResponses },
      },
    },
    async (req) => recheckOrganization(req.ctx, req.params.id),
  );
};
