import { sql } from 'kysely';
import type { z } from 'zod';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../../platform/errors.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import type { discardRunSchema } from './allocation-runs.schemas.ts';
import { loadRun } from './load-run.ts';
import { readRunIn } from './read-run.ts';

/** A prepared or computed run is set aside, with the reason; it stays in the list for the record. */
export const discardRun = (ctx: Ctx, id: string, input: z.infer<typeof discardRunSchema>) =>
  withTransaction(ctx.db, async (tx) => {
    const { run, grant } = await loadRun(tx, ctx, id, AllocationActions['allocation.run'], { lock: true });
    if (run.version !== input.version) throw versionConflict(run.version);
    if (!['preparing', 'draft', 'failed'].includes(run.status))
      throw new AppError('business_rule', 'Отменить можно подготовленное или рассчитанное комплектование', [
        { path: 'body.version', code: 'run_not_discardable', message: 'Комплектование нельзя отменить' },
      ]);
    await sql`
      UPDATE allocation_runs SET status = 'discarded', decided_at = now(), decided_by = ${ctx.actor!.userId},
             failure = coalesce(failure, ${input.reason}), version = version + 1
       WHERE id = ${id}`.execute(tx);
    await auditInTx(tx, ctx, {
      action: 'allocation.discard',
      objectType: 'allocation_run',
      objectId: id,
      grant,
      details: { from: run.status },
    });
    return readRunIn(tx, id);
  });
