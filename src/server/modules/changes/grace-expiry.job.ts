import { sql } from 'kysely';
import { dateInZone } from '../../../common/dates/working-days.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { defineJob } from '../../platform/jobs/job-types.ts';

export const CHANGE_FEED_GRACE_JOB = 'change-feed-grace';
/** The watermark: the last day whose closed access windows are in the feed. */
export const GRACE_WATERMARK_KEY = 'change_feed_grace_noted_through';
/** A server down longer than this catches up only the last year of days. */
const MAX_CATCH_UP_DAYS = 366;

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Daily: full access to a learner who left an organization ends ACCESS_GRACE_DAYS later by the
 * calendar, with nothing written; this puts those learners into the change feed, so that a reader who
 * had them gets them as «out of scope» that day, as for any other loss. Every day since the last run is
 * noted (a server down for a week misses none), the watermark moving in the same transaction.
 */
export const changeFeedGraceJob = defineJob<Record<string, never>>({
  kind: CHANGE_FEED_GRACE_JOB,
  title: 'Окончание доступа после выбытия в ленте изменений',
  retry: { limit: 3, delaySeconds: 60, maxDelaySeconds: 600 },
  expireSeconds: 600,
  concurrency: 1,
  cron: (config) => config.changeFeedGraceCron,
  prepareScheduled: async () => ({ params: {} }),
  run: async (job) => {
    const today = dateInZone(new Date(), job.config.timeZone);
    return withTransaction(job.db, async (tx) => {
      // The watermark row is locked: two servers running the job note each day once.
      const mark = await sql<{ value: string }>`
        SELECT value #>> '{}' AS value FROM app_settings WHERE key = ${GRACE_WATERMARK_KEY} FOR UPDATE`.execute(
        tx,
      );
      const last = mark.rows[0]?.value ?? addDays(today, -1);
      let day =
        last < addDays(today, -MAX_CATCH_UP_DAYS) ? addDays(today, -MAX_CATCH_UP_DAYS) : addDays(last, 1);
      let days = 0;
      let persons = 0;
      for (; day <= today; day = addDays(day, 1), days++) {
        const r = await sql<{ n: string }>`
          SELECT change_log_note_grace_expiry(${day}::date, ${job.config.accessGraceDays}::int) AS n`.execute(
          tx,
        );
        persons += Number(r.rows[0]?.n ?? 0);
      }
      await sql`
        INSERT INTO app_settings (key, value) VALUES (${GRACE_WATERMARK_KEY}, to_jsonb(${today}::text))
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(tx);
      return { days, persons };
    });
  },
  summarize: (result) =>
    `Дней учтено: ${result.days ?? 0}; обучающихся, у которых закончился доступ: ${result.persons ?? 0}`,
});
