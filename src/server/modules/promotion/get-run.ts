import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { PromotionActions } from './promotion.policy.ts';
import { readRun } from './read-run.ts';

/**
 * A run with its orders, for whoever may run promotions where it was run: the wizard's result page,
 * reopened later to undo it. Counts and order numbers only, no learner is named.
 */
export async function getRun(ctx: Ctx, id: string) {
  const run = await ctx.db
    .selectFrom('promotion_runs')
    .select(['id', 'scope_node_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  const grant = run
    ? await grantCovering(ctx.db, authorize(ctx.actor!, PromotionActions['promotion.run']), run.scope_node_id)
    : null;
  if (!run || !grant) throw notFound('Перевод').audited('promotion.read', 'promotion_run', id);
  return readRun(ctx.db, id);
}
