import { defineJob } from '../../platform/jobs/job-types.ts';
import { detectCases } from './detect-cases.ts';

export const OUT_OF_EDUCATION_JOB = 'out-of-education-detection';

/** Daily: the four rules over the region; closes the cases of children back in education. Idempotent. */
export const outOfEducationJob = defineJob<Record<string, never>>({
  kind: OUT_OF_EDUCATION_JOB,
  title: 'Выявление детей, не получающих образование',
  retry: { limit: 3, delaySeconds: 60, maxDelaySeconds: 900 },
  expireSeconds: 3600,
  concurrency: 1,
  cron: (config) => config.outOfEducationCron,
  prepareScheduled: async () => ({ params: {} }),
  run: async (job) => detectCases(job.db, job.config),
  summarize: (r) => {
    const sum = (suffix: string) =>
      Object.entries(r)
        .filter(([k]) => k.endsWith(suffix))
        .reduce((s, [, v]) => s + Number(v ?? 0), 0);
    return `Открыто случаев: ${sum('Opened')}; закрыто автоматически: ${sum('Closed')}`;
  },
});
