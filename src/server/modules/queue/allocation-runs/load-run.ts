import type { Selectable } from 'kysely';
import type { Grant } from '../../../platform/access/actor.ts';
import { authorize } from '../../../platform/access/policy.ts';
import { grantCovering } from '../../../platform/access/scope.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { AllocationRuns } from '../../../platform/db/schema.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { notFound } from '../../../platform/errors.ts';

export type RunRow = Selectable<AllocationRuns>;

/**
 * One run for an action, locked when it is to change. Another municipality's run reads like an absent
 * one (404, audited as denied).
 */
export async function loadRun(
  tx: Tx,
  ctx: Ctx,
  id: string,
  action: string,
  opts: { lock?: boolean } = {},
): Promise<{ run: RunRow; grant: Grant }> {
  const grants = authorize(ctx.actor!, action);
  let q = tx.selectFrom('allocation_runs').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  const run = await q.executeTakeFirst();
  const grant = run ? await grantCovering(tx, grants, run.municipality_id) : null;
  if (!run || !grant) throw notFound('Комплектование').audited(action, 'allocation_run', id);
  return { run, grant };
}
