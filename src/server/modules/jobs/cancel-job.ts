import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { afterCommit, withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { finishJob } from '../../platform/jobs/job-store.ts';
import { FINAL_STATES } from '../../platform/jobs/job-types.ts';
import { JobActions as A } from './jobs.policy.ts';
import { findVisibleJob, jobView } from './jobs.queries.ts';

/**
 * Cancels a job. One that waits (queued, or between retries) is taken out of the queue and closed at
 * once; a running one is asked to stop and ends at its next checkpoint, its kind then dropping what it
 * had computed. A job the actor may not see answers 404, as if it did not exist.
 */
export const cancelJob = (ctx: Ctx, id: string) =>
  withTransaction(ctx.db, async (tx) => {
    const actor = ctx.actor!;
    const grants = authorize(actor, A['job.cancel']);
    // Lock first: a worker claiming the job waits on this row and then finds it cancelled.
    await sql`SELECT 1 FROM background_jobs WHERE id = ${id} FOR UPDATE`.execute(tx);
    const job = await findVisibleJob(tx, actor, id, A['job.cancel']);
    if (!job) throw notFound('Фоновая задача').audited('job.cancel', 'background_job', id);
    if ((FINAL_STATES as readonly string[]).includes(job.state)) {
      throw new AppError('conflict', 'Задача уже завершена, отменять нечего');
    }
    if (job.cancel_requested_at) return jobView(ctx.jobs, actor, job);
    await sql`UPDATE background_jobs SET cancel_requested_at = now(), cancelled_by = ${actor.userId}
               WHERE id = ${id}`.execute(tx);
    const waiting = job.state === 'queued' || job.state === 'retrying';
    if (waiting) {
      await ctx.jobs.withdraw(tx, job.kind, id);
      await finishJob(tx, id, 'cancelled', {});
      const def = ctx.jobs.definition(job.kind);
      // Outside the transaction: a kind releases what it held with its own transactions.
      if (def?.abandon) afterCommit(tx, () => def.abandon!(ctx.jobs.database, job.params, id));
    }
    await auditInTx(tx, ctx, {
      action: 'job.cancel',
      objectType: 'background_job',
      objectId: id,
      details: { kind: job.kind, state: job.state },
      grant: grants[0]!,
    });
    const after = await findVisibleJob(tx, actor, id, A['job.cancel']);
    return jobView(ctx.jobs, actor, after!);
  });
