import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authorize } from '../../platform/access/policy.ts';
import { notFound } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { cancelJob } from './cancel-job.ts';
import { JobActions as A } from './jobs.policy.ts';
import { findVisibleJob, jobView, listJobs } from './jobs.queries.ts';
import { jobIdParams, jobSchema, jobsPageSchema, jobsQuery } from './jobs.schemas.ts';

const tags = ['Фоновые задачи'];

/** Routes of the jobs module: background jobs with their progress and results, and cancelling them. */
export const jobsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/jobs',
    {
      config: { policy: A['job.read'] },
      schema: {
        operationId: 'listJobs',
        tags,
        summary: 'Фоновые задачи: свои и своей территории, новые первыми',
        querystring: jobsQuery,
        response: { 200: jobsPageSchema, ...problemResponses },
      },
    },
    async (req) => {
      authorize(req.ctx.actor!, A['job.read']);
      return listJobs(req.ctx, req.query);
    },
  );

  r.get(
    '/v1/jobs/:id',
    {
      config: { policy: A['job.read'] },
      schema: {
        operationId: 'getJob',
        tags,
        summary: 'Состояние, ход выполнения и итог фоновой задачи',
        params: jobIdParams,
        response: { 200: jobSchema, ...problemResponses },
      },
    },
    async (req) => {
      const actor = req.ctx.actor!;
      authorize(actor, A['job.read']);
      const job = await findVisibleJob(req.ctx.db, actor, req.params.id);
      if (!job) throw notFound('Фоновая задача');
      return jobView(req.ctx.jobs, actor, job);
    },
  );

  r.post(
    '/v1/jobs/:id/cancel',
    {
      config: { policy: A['job.cancel'] },
      schema: {
        operationId: 'cancelJob',
        tags,
        summary: 'Отменить фоновую задачу (выполняемая остановится на ближайшем шаге)',
        params: jobIdParams,
        response: { 200: jobSchema, ...problemResponses },
      },
    },
    async (req) => cancelJob(req.ctx, req.params.id),
  );
};
