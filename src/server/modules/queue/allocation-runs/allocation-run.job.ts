import { sql } from 'kysely';
import { defineJob } from '../../../platform/jobs/job-types.ts';
import { computeRun, failRun } from './compute-run.ts';

export const ALLOCATION_RUN_JOB = 'allocation-run';

const runOfJob = async (db: Parameters<typeof failRun>[0], jobId: string) =>
  (await sql<{ id: string }>`SELECT id FROM allocation_runs WHERE job_id = ${jobId}`.execute(db)).rows[0]
    ?.id ?? null;

/**
 * An allocation run computed in the background: the run names its job, so the job carries no
 * parameters. The computation is one transaction at the end, so a retry simply starts over.
 */
export const allocationRunJob = defineJob<Record<string, never>>({
  kind: ALLOCATION_RUN_JOB,
  title: 'Комплектование детских садов',
  retry: { limit: 3, delaySeconds: 5, maxDelaySeconds: 60 },
  expireSeconds: 30 * 60,
  concurrency: 1,
  run: async (job) => {
    const runId = await runOfJob(job.db, job.id);
    if (!runId) return { skipped: 'Комплектование для задачи не найдено' };
    const r = await computeRun(job.db, runId, { progress: job.progress, checkpoint: job.checkpoint });
    return { ...r };
  },
  summarize: (result) =>
    typeof result.skipped === 'string'
      ? `Не выполнялось: ${result.skipped}`
      : result.failed
        ? 'Данные для расчета не прошли проверку'
        : `Заявлений ${result.applications ?? 0}: направлено ${result.placed ?? 0}, предложено иных ДОО ${result.offered ?? 0}`,
  abandon: async (db, _params, jobId) => {
    const runId = await runOfJob(db, jobId);
    if (runId) await failRun(db, runId, 'Расчет прерван или завершился ошибкой');
  },
});
