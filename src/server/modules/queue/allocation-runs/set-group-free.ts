import { sql } from 'kysely';
import type { z } from 'zod';
import { auditInTx, type Ctx } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import { AppError, notFound, versionConflict } from '../../../platform/errors.ts';
import { AllocationActions } from './allocation-runs.policy.ts';
import type { setGroupFreeSchema } from './allocation-runs.schemas.ts';
import { loadRun } from './load-run.ts';
import { readRunIn } from './read-run.ts';

/**
 * The specialist corrects a group's free places before computing (children leaving for school, a group
 * closed for repairs). The run's version guards against two people editing the same run at once.
 */
export const setGroupFree = (
  ctx: Ctx,
  id: string,
  unitId: string,
  input: z.infer<typeof setGroupFreeSchema>,
) =>
  withTransaction(ctx.db, async (tx) => {
    const { run, grant } = await loadRun(tx, ctx, id, AllocationActions['allocation.run'], { lock: true });
    if (run.version !== input.version) throw versionConflict(run.version);
    if (run.status !== 'preparing')
      throw new AppError('business_rule', 'Свободные места меняются только до расчета', [
        { path: 'body.free', code: 'run_not_preparing', message: 'Расчет уже выполнен или запущен' },
      ]);
    const g = await sql<{ free: number }>`
      SELECT free FROM allocation_run_groups WHERE run_id = ${id} AND unit_id = ${unitId}`.execute(tx);
    if (!g.rows[0]) throw notFound('Группа комплектования');
    await sql`UPDATE allocation_run_groups SET free = ${input.free} WHERE run_id = ${id} AND unit_id = ${unitId}`.execute(
      tx,
    );
    await sql`UPDATE allocation_runs SET version = version + 1 WHERE id = ${id}`.execute(tx);
    await auditInTx(tx, ctx, {
      action: 'allocation.set_free',
      objectType: 'allocation_run',
      objectId: id,
      grant,
      details: { unitId, from: g.rows[0].free, to: input.free },
    });
    return readRunIn(tx, id);
  });
