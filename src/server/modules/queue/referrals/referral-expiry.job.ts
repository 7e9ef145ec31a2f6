import { sql } from 'kysely';
import { dateInZone } from '../../../../common/dates/working-days.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { defineJob } from '../../../platform/jobs/job-types.ts';
import { returnToQueue } from './return-to-queue.ts';

export const REFERRAL_EXPIRY_JOB = 'referral-expiry';
const BATCH = 1000;

/**
 * Daily: referrals whose expiry day has passed without enrollment lapse, their applications return to
 * the queue under the region's rule and their places are free for the next top-up. Batches commit one
 * by one, so a retry continues with what is left.
 */
export const referralExpiryJob = defineJob<Record<string, never>>({
  kind: REFERRAL_EXPIRY_JOB,
  title: 'Истечение сроков направлений в детские сады',
  retry: { limit: 3, delaySeconds: 30, maxDelaySeconds: 600 },
  expireSeconds: 3600,
  concurrency: 1,
  cron: (config) => config.referralExpiryCron,
  prepareScheduled: async () => ({ params: {} }),
  run: async (job) => {
    const today = dateInZone(new Date(), job.config.timeZone);
    let expired = 0;
    for (;;) {
      await job.checkpoint();
      const n = await withTransaction(job.db, async (tx) => {
        const due = await sql<{ id: string }>`
          SELECT id FROM referrals WHERE status = 'issued' AND expires_on < ${today}
           ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(tx);
        const ids = due.rows.map((r) => r.id);
        await returnToQueue(
          tx,
          ids,
          { status: 'expired', reason: 'Истек срок направления: ребенок не зачислен', actorId: null, today },
          job.config.referralRefusalRule,
        );
        return ids.length;
      });
      expired += n;
      if (n < BATCH) break;
    }
    return { expired };
  },
  summarize: (result) => `Истекло направлений: ${result.expired ?? 0}`,
});
