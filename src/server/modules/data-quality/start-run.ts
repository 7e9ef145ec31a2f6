import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { createRun } from './create-run.ts';
import { DATA_QUALITY_JOB } from './data-quality.job.ts';
import { DataQualityActions as A } from './data-quality.policy.ts';

/**
 * A run out of schedule: registered with its job in one transaction (the job finds its run by its own
 * id); refused while one is going, and then neither is left behind.
 */
export const startDataQualityRun = (ctx: Ctx) =>
  withTransaction(ctx.db, async (tx) => {
    const action = A['dataQuality.run'];
    const grant = authorize(ctx.actor!, action)[0]!;
    const jobId = await ctx.jobs.enqueue(
      tx,
      DATA_QUALITY_JOB,
      {},
      {
        ownerId: ctx.actor!.userId,
        scopeNodeId: grant.scopeNodeId,
      },
    );
    const runId = await createRun(tx, ctx.actor!.userId, jobId);
    if (!runId)
      throw new AppError('conflict', 'Проверка качества данных уже выполняется: дождитесь ее окончания', [
        { path: 'run', code: 'already_running', message: 'Проверка уже выполняется' },
      ]);
    await auditInTx(tx, ctx, {
      action,
      objectType: 'data_quality_run',
      objectId: runId,
      grant,
      details: { jobId },
    });
    return { runId, jobId };
  });
