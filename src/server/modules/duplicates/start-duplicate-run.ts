import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { DUPLICATE_REPORT_JOB } from './duplicate-report.job.ts';
import { DuplicateActions } from './duplicates.policy.ts';
import { createDuplicateRun } from './run-duplicate-report.ts';

/**
 * Registers a run and its durable job and audits the start, in one transaction: the job exists if and
 * only if the run does, and a worker picks it up after the commit.
 */
export const startDuplicateRun = (ctx: Ctx) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, DuplicateActions['person.duplicateReport']);
    const jobId = await ctx.jobs.enqueue(
      tx,
      DUPLICATE_REPORT_JOB,
      {},
      {
        ownerId: ctx.actor!.userId,
        scopeNodeId: grants[0]!.scopeNodeId,
      },
    );
    const runId = await createDuplicateRun(tx, ctx.actor!.userId, jobId);
    await auditInTx(tx, ctx, {
      action: 'person.duplicate_report_run',
      objectType: 'duplicate_run',
      objectId: runId,
      details: { jobId },
      grant: grants[0]!,
    });
    return { runId, jobId };
  });
