import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { DuplicateActions } from './duplicates.policy.ts';
import { createDuplicateRun, executeDuplicateRun } from './run-duplicate-report.ts';

/** Registers a run and audits the start in one transaction; the computation is the caller's job. */
export const startDuplicateRun = (ctx: Ctx) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, DuplicateActions['person.duplicateReport']);
    const runId = await createDuplicateRun(tx, ctx.actor!.userId);
    await auditInTx(tx, ctx, {
      action: 'person.duplicate_report_run',
      objectType: 'duplicate_run',
      objectId: runId,
      grant: grants[0]!,
    });
    return runId;
  });

/**
 * Runs report computations after the response that started them, and lets the server wait for them on
 * shutdown instead of closing the pool under a running query.
 */
export function backgroundRuns(db: Kysely<DB>, log: FastifyBaseLogger) {
  const running = new Set<Promise<unknown>>();
  return {
    launch(runId: string) {
      const job = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => executeDuplicateRun(db, runId))
        .then(
          (r) => log.info({ runId, pairs: r.pairs, seconds: r.seconds }, 'duplicate report finished'),
          (err: unknown) => log.error({ err, runId }, 'duplicate report failed'),
        )
        .finally(() => running.delete(job));
      running.add(job);
    },
    drain: () => Promise.allSettled([...running]),
  };
}
