import { AppError } from '../../platform/errors.ts';
import { defineJob } from '../../platform/jobs/job-types.ts';
import {
  abandonDuplicateRun,
  createDuplicateRun,
  executeDuplicateRun,
  runOfJob,
} from './run-duplicate-report.ts';

export const DUPLICATE_REPORT_JOB = 'duplicate-report';

/**
 * The regional duplicate report as a durable job. The run it computes is found by the job's id (its
 * duplicate_runs row names the job), so the job carries no parameters; a retry after a crash resumes
 * after the partitions the run has committed, and the run is finished once.
 */
export const duplicateReportJob = defineJob<Record<string, never>>({
  kind: DUPLICATE_REPORT_JOB,
  title: 'Поиск дубликатов по региону',
  // A restart costs an attempt too; the back-off waits 5 s, 10 s, 20 s… up to 5 minutes.
  retry: { limit: 5, delaySeconds: 5, maxDelaySeconds: 300 },
  expireSeconds: 4 * 3600,
  concurrency: 1,
  cron: (config) => config.duplicateReportCron,
  prepareScheduled: async (tx, jobId) => {
    try {
      await createDuplicateRun(tx, null, jobId);
      return { params: {} };
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') return { skip: err.detail };
      throw err;
    }
  },
  run: async (job) => {
    const runId = await runOfJob(job.db, job.id);
    if (!runId) throw new AppError('not_found', 'Запуск поиска дубликатов для задачи не найден');
    const r = await executeDuplicateRun(job.db, runId, {
      progress: job.progress,
      checkpoint: job.checkpoint,
    });
    return { runId: r.runId, pairs: r.pairs };
  },
  summarize: (result) =>
    typeof result.skipped === 'string'
      ? `Не запускался: ${result.skipped}`
      : `Найдено пар возможных дубликатов: ${result.pairs ?? 0}`,
  abandon: async (db, _params, jobId) => {
    const runId = await runOfJob(db, jobId);
    if (runId) await abandonDuplicateRun(db, runId);
  },
});
