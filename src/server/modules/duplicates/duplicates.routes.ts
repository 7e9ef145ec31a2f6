import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../platform/access/policy.ts';
import { auditNow } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { DuplicateActions } from './duplicates.policy.ts';
import { findRun, listDuplicatePairs } from './duplicates.queries.ts';
import { distinctBody, pairsPageSchema, pairsQuery, runIdParams, runSchema } from './duplicates.schemas.ts';
import { markDistinct } from './mark-distinct.ts';
import { mergesRoutes } from './merges.routes.ts';
import { startDuplicateRun } from './start-duplicate-run.ts';

const tags = ['Дубликаты и объединение записей'];

/** Routes of the duplicates module: the regional duplicate report, "different people" and merges. */
export const duplicatesRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/v1/duplicates/runs',
    {
      config: { policy: DuplicateActions['person.duplicateReport'] },
      schema: {
        operationId: 'startDuplicateRun',
        tags,
        summary: 'Запустить поиск дубликатов по региону (фоновая задача)',
        response: { 202: z.object({ runId: z.string(), jobId: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => {
      return reply.code(202).send(await startDuplicateRun(req.ctx));
    },
  );

  r.get(
    '/v1/duplicates/runs/:id',
    {
      config: { policy: DuplicateActions['person.duplicateReport'] },
      schema: {
        operationId: 'getDuplicateRun',
        tags,
        summary: 'Состояние поиска дубликатов',
        params: runIdParams,
        response: { 200: runSchema, ...problemResponses },
      },
    },
    async (req) => {
      authorize(req.ctx.actor!, DuplicateActions['person.duplicateReport']);
      const run = await findRun(req.ctx.db, req.params.id);
      if (!run) throw notFound('Проверка на дубликаты');
      return run;
    },
  );

  r.get(
    '/v1/duplicates',
    {
      config: { policy: DuplicateActions['person.duplicateReport'] },
      schema: {
        operationId: 'listDuplicates',
        tags,
        summary: 'Пары возможных дубликатов последней завершенной проверки',
        querystring: pairsQuery,
        response: { 200: pairsPageSchema, ...problemResponses },
      },
    },
    async (req) => {
      const grants = authorize(req.ctx.actor!, DuplicateActions['person.duplicateReport']);
      const page = await listDuplicatePairs(req.ctx.db, grants, req.query);
      await auditNow(req.ctx, {
        action: 'person.duplicate_report',
        objectType: 'duplicate_run',
        objectId: page.run?.id ?? null,
        subjectIds: [...new Set(page.items.flatMap((i) => [i.a.id, i.b.id]))],
        details: { results: page.items.length },
      });
      return page;
    },
  );

  r.post(
    '/v1/duplicates/distinct',
    {
      config: { policy: DuplicateActions['person.merge'] },
      schema: {
        operationId: 'markDistinct',
        tags,
        summary: 'Отметить пару как разных людей (не показывать в отчете)',
        body: distinctBody,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await markDistinct(req.ctx, req.body);
      return reply.code(204).send(null);
    },
  );

  await app.register(mergesRoutes);
};
