import { sql } from 'kysely';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../../platform/errors.ts';
import { ALLOCATION_RUN_JOB } from './allocation-run.job.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import { loadRun } from './load-run.ts';
import { readRunIn } from './read-run.ts';

/**
 * Starts computing a prepared run as a durable job, registered in the same transaction: the run is
 * running if and only if its job exists.
 */
export const startRun = (ctx: Ctx, id: string, input: { version: number }) =>
  withTransaction(ctx.db, async (tx) => {
    const { run, grant } = await loadRun(tx, ctx, id, AllocationActions['allocation.run'], { lock: true });
    if (run.version !== input.version) throw versionConflict(run.version);
    if (run.status !== 'preparing')
      throw new AppError('business_rule', 'Расчет уже запущен или выполнен', [
        { path: 'body.version', code: 'run_not_preparing', message: 'Расчет уже запущен или выполнен' },
      ]);
    const jobId = await ctx.jobs.enqueue(
      tx,
      ALLOCATION_RUN_JOB,
      {},
      {
        ownerId: ctx.actor!.userId,
        scopeNodeId: run.municipality_id,
      },
    );
    await sql`UPDATE allocation_runs SET status = 'running', job_id = ${jobId}, version = version + 1
               WHERE id = ${id}`.execute(tx);
    await auditInTx(tx, ctx, {
      action: 'allocation.start',
      objectType: 'allocation_run',
      objectId: id,
      grant,
      details: { jobId },
    });
    return readRunIn(tx, id);
  });
