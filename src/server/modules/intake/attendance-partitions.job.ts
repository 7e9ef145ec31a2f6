import { sql } from 'kysely';
import { dateInZone } from '../../../common/dates/working-days.ts';
import { defineJob } from '../../platform/jobs/job-types.ts';

export const ATTENDANCE_PARTITIONS_JOB = 'attendance-partitions';
/** Months ahead of the current one that always have their attendance partitions. */
export const MONTHS_AHEAD = 3;

/** The first days of this month and the next `ahead` months, as 'YYYY-MM-01'. */
export function monthsFrom(today: string, ahead: number) {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: ahead + 1 }, (_, k) => {
    const d = new Date(Date.UTC(y, m - 1 + k, 1));
    return d.toISOString().slice(0, 10);
  });
}

/**
 * Daily: creates the monthly partitions of attendance_days and its history for this month and the
 * next three, so a new month never waits for a partition in the middle of an intake. Idempotent.
 */
export const attendancePartitionsJob = defineJob<Record<string, never>>({
  kind: ATTENDANCE_PARTITIONS_JOB,
  title: 'Создание разделов посещаемости на следующие месяцы',
  retry: { limit: 3, delaySeconds: 60, maxDelaySeconds: 600 },
  expireSeconds: 600,
  concurrency: 1,
  cron: (config) => config.attendancePartitionsCron,
  prepareScheduled: async () => ({ params: {} }),
  run: async (job) => {
    const months = monthsFrom(dateInZone(new Date(), job.config.timeZone), MONTHS_AHEAD);
    const r = await sql<{ missing: string[] }>`
      SELECT attendance_ensure_partitions(${months}::date[])::text[] AS missing`.execute(job.db);
    return { months: months.length, unavailable: (r.rows[0]?.missing ?? []).length };
  },
  summarize: (result) =>
    `Разделы посещаемости готовы на месяцев вперед: ${Number(result.months ?? 1) - 1}` +
    (result.unavailable ? `; недоступно месяцев: ${result.unavailable}` : ''),
});
