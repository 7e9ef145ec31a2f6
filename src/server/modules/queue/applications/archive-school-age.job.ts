import { sql } from 'kysely';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import type { Config } from '../../../platform/config.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { defineJob } from '../../../platform/jobs/job-types.ts';

export const QUEUE_ARCHIVE_JOB = 'queue-archive-school-age';
const BATCH = 1000;

/** Waiting for a place: a referred application waits for the family, an enrolled one is done. */
export const WAITING_FOR_PLACE = ['new', 'under_review', 'awaiting_confirmation', 'queued', 'wants_change'];

export const ARCHIVE_REASON = 'Заявление переведено в архив: ребенок достиг школьного возраста';

/**
 * The date the age is counted on (QUEUE_ARCHIVE_REFERENCE): `school_year`, the 1 September that began
 * the current school year (a child of school age on it has gone to school; on 1 September itself the
 * new year has begun); `next_september`, the next 1 September (the age band of the coming
 * комплектование; archives a year ahead); `today`, the day the job runs.
 */
export function archiveReferenceDate(today: string, rule: Config['queueArchiveReference']): string {
  const year = Number(today.slice(0, 4));
  const started = today.slice(5) >= '09-01';
  if (rule === 'today') return today;
  if (rule === 'school_year') return `${started ? year : year - 1}-09-01`;
  return `${started ? year + 1 : year}-09-01`;
}

/**
 * The latest birth date of a child who has `age` full years on `on`: a birthday on that date counts,
 * and 29 February comes of age on 1 March in a common year (as the allocation counts ages).
 */
export function bornOnOrBefore(on: string, age: number): string {
  const y = Number(on.slice(0, 4)) - age;
  const md = on.slice(5);
  const leap = (n: number) => (n % 4 === 0 && n % 100 !== 0) || n % 400 === 0;
  // A reference of 29 February whose birth year is common: the birthday was the day before.
  if (md === '02-29' && !leap(y)) return `${y}-02-28`;
  return `${y}-${md}`;
}

/**
 * Nightly: open applications still waiting for a place whose child has reached school age
 * (QUEUE_ARCHIVE_AGE full years on the reference date) are archived, with the closing day and an event
 * the parent reads. Set-based, in batches that commit one by one; an application archived once is no
 * longer waiting, so a rerun or a retry after a crash continues with what is left.
 */
export const queueArchiveJob = defineJob<Record<string, never>>({
  kind: QUEUE_ARCHIVE_JOB,
  title: 'Архивирование заявлений в детский сад по достижении школьного возраста',
  retry: { limit: 3, delaySeconds: 30, maxDelaySeconds: 600 },
  expireSeconds: 3600,
  concurrency: 1,
  cron: (config) => config.queueArchiveCron,
  prepareScheduled: async () => ({ params: {} }),
  run: async (job) => {
    const today = dateInZone(new Date(), job.config.timeZone);
    const reference = archiveReferenceDate(today, job.config.queueArchiveReference);
    const cutoff = bornOnOrBefore(reference, job.config.queueArchiveAge);
    let archived = 0;
    for (;;) {
      await job.checkpoint();
      const n = await withTransaction(job.db, async (tx) => {
        const r = await sql<{ n: number }>`
          WITH due AS (
            SELECT a.id FROM preschool_applications a JOIN persons p ON p.id = a.child_id
             WHERE a.status = ANY(${WAITING_FOR_PLACE}::text[]) AND p.birth_date <= ${cutoff}::date
             ORDER BY a.id LIMIT ${BATCH} FOR UPDATE OF a SKIP LOCKED)
          , done AS (
            UPDATE preschool_applications a
               SET status = 'archived', closed_on = ${today}::date, version = a.version + 1, updated_at = now()
              FROM due WHERE a.id = due.id AND a.status = ANY(${WAITING_FOR_PLACE}::text[])
            RETURNING a.id, a.status)
          , ev AS (
            INSERT INTO preschool_application_events (application_id, kind, status, reason, actor_id)
            SELECT id, 'archived_by_age', status, ${ARCHIVE_REASON}, NULL FROM done
            RETURNING application_id)
          SELECT count(*)::int AS n FROM ev`.execute(tx);
        return r.rows[0]!.n;
      });
      archived += n;
      if (n < BATCH) break;
    }
    return { archived, reference, cutoff };
  },
  summarize: (result) =>
    `Переведено в архив заявлений: ${result.archived ?? 0} (возраст на ${result.reference ?? '—'})`,
});
