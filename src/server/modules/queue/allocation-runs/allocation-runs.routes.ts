import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { AllocationActions as A } from './allocation-runs.policy.ts';
import {
  approveRunSchema,
  discardRunSchema,
  outcomeListQuery,
  outcomeListSchema,
  prepareRunSchema,
  runGroupParams,
  runListQuery,
  runListSchema,
  runParams,
  runSchema,
  setGroupFreeSchema,
  versionSchema,
} from './allocation-runs.schemas.ts';
import { approveRun } from './approve-run.ts';
import { discardRun } from './discard-run.ts';
import { listOutcomes } from './list-outcomes.ts';
import { listRuns } from './list-runs.ts';
import { prepareRun } from './prepare-run.ts';
import { readRun } from './read-run.ts';
import { readRunDocument } from './run-documents.ts';
import { loadProtocol } from './run-protocol-data.ts';
import { protocolPdf } from './run-protocol-pdf.ts';
import { protocolWorkbook } from './run-protocol-xlsx.ts';
import { setGroupFree } from './set-group-free.ts';
import { startRun } from './start-run.ts';

const tags = ['Комплектование детских садов'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Allocation runs: prepare, correct free places, compute in the background, inspect, approve. */
export const allocationRunsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/allocation-runs',
    {
      config: { policy: A['allocation.read'] },
      schema: {
        operationId: 'listAllocationRuns',
        tags,
        summary: 'Комплектования муниципалитетов',
        querystring: runListQuery,
        response: { 200: runListSchema, ...problemResponses },
      },
    },
    async (req) => listRuns(req.ctx, req.query),
  );

  r.post(
    '/v1/allocation-runs',
    {
      config: { policy: A['allocation.run'] },
      schema: {
        operationId: 'prepareAllocationRun',
        tags,
        summary: 'Подготовить комплектование: группы и свободные места',
        body: prepareRunSchema,
        response: { 201: runSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await prepareRun(req.ctx, req.body)),
  );

  r.get(
    '/v1/allocation-runs/:id',
    {
      config: { policy: A['allocation.read'] },
      schema: {
        operationId: 'getAllocationRun',
        tags,
        summary: 'Комплектование: группы, места, итоги',
        params: runParams,
        response: { 200: runSchema, ...problemResponses },
      },
    },
    async (req) => readRun(req.ctx, req.params.id),
  );

  r.put(
    '/v1/allocation-runs/:id/groups/:unitId',
    {
      config: { policy: A['allocation.run'] },
      schema: {
        operationId: 'setAllocationGroupFree',
        tags,
        summary: 'Изменить число свободных мест группы до расчета',
        params: runGroupParams,
        body: setGroupFreeSchema,
        response: { 200: runSchema, ...problemResponses },
      },
    },
    async (req) => setGroupFree(req.ctx, req.params.id, req.params.unitId, req.body),
  );

  r.post(
    '/v1/allocation-runs/:id/start',
    {
      config: { policy: A['allocation.run'] },
      schema: {
        operationId: 'startAllocationRun',
        tags,
        summary: 'Запустить расчет (фоновая задача)',
        params: runParams,
        body: versionSchema,
        response: { 200: runSchema, ...problemResponses },
      },
    },
    async (req) => startRun(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/v1/allocation-runs/:id/approve',
    {
      config: { policy: A['allocation.approve'] },
      schema: {
        operationId: 'approveAllocationRun',
        tags,
        summary: 'Утвердить комплектование и выдать направления',
        params: runParams,
        body: approveRunSchema,
        response: { 200: runSchema, ...problemResponses },
      },
    },
    async (req) => approveRun(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/v1/allocation-runs/:id/discard',
    {
      config: { policy: A['allocation.run'] },
      schema: {
        operationId: 'discardAllocationRun',
        tags,
        summary: 'Отменить подготовленное или рассчитанное комплектование',
        params: runParams,
        body: discardRunSchema,
        response: { 200: runSchema, ...problemResponses },
      },
    },
    async (req) => discardRun(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/v1/allocation-runs/:id/outcomes',
    {
      config: { policy: A['allocation.read'] },
      schema: {
        operationId: 'listAllocationOutcomes',
        tags,
        summary: 'Итог по каждому заявлению с объяснением',
        params: runParams,
        querystring: outcomeListQuery,
        response: { 200: outcomeListSchema, ...problemResponses },
      },
    },
    async (req) => listOutcomes(req.ctx, req.params.id, req.query),
  );

  for (const which of ['snapshot', 'result'] as const) {
    r.get(
      `/v1/allocation-runs/:id/${which}.json`,
      {
        config: { policy: A['allocation.read'] },
        schema: {
          operationId: which === 'snapshot' ? 'getAllocationSnapshot' : 'getAllocationResult',
          tags,
          summary:
            which === 'snapshot'
              ? 'Входные данные расчета (канонический JSON) для проверки'
              : 'Результат расчета (канонический JSON)',
          params: runParams,
          produces: ['application/json'],
        },
      },
      async (req, reply) => {
        const text = await readRunDocument(req.ctx, req.params.id, which);
        return reply
          .header('content-type', 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="allocation-${req.params.id}-${which}.json"`)
          .header('cache-control', 'no-store')
          .send(text);
      },
    );
  }

  r.get(
    '/v1/allocation-runs/:id/protocol.xlsx',
    {
      config: { policy: A['allocation.read'] },
      schema: {
        operationId: 'getAllocationProtocolXlsx',
        tags,
        summary: 'Протокол комплектования в XLSX',
        params: runParams,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const file = await protocolWorkbook(
        await loadProtocol(req.ctx, req.params.id),
        req.ctx.config.timeZone,
      );
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="allocation-${req.params.id}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );

  r.get(
    '/v1/allocation-runs/:id/protocol.pdf',
    {
      config: { policy: A['allocation.read'] },
      schema: {
        operationId: 'getAllocationProtocolPdf',
        tags,
        summary: 'Протокол комплектования в PDF',
        params: runParams,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const file = await protocolPdf(await loadProtocol(req.ctx, req.params.id));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="allocation-${req.params.id}.pdf"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
};
