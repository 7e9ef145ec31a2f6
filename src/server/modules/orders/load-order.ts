import type { Selectable } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Orders } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, notFound, versionConflict } from '../../platform/errors.ts';

export type OrderRow = Selectable<Orders>;

/**
 * One order for an action, locked when it is to change. An order of an organization outside the
 * actor's scope reads like an absent one (404, audited as denied): its number and learners are the
 * organization's business.
 */
export async function loadOrder(
  tx: Tx,
  ctx: Ctx,
  id: string,
  action: string,
  opts: { lock?: boolean } = {},
): Promise<{ order: OrderRow; grant: Grant }> {
  const grants = authorize(ctx.actor!, action);
  let q = tx.selectFrom('orders').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  const order = await q.executeTakeFirst();
  const grant = order ? await grantCovering(tx, grants, order.organization_id) : null;
  if (!order || !grant) throw notFound('Приказ').audited(action, 'order', id);
  return { order, grant };
}

/** A draft at the version the client last saw; a signed order is never edited. */
export function assertEditableDraft(order: OrderRow, version: number) {
  if (order.state !== 'draft')
    throw new AppError(
      'conflict',
      'Подписанный приказ не изменяется: его можно только отменить другим приказом',
      [{ path: 'state', code: 'not_draft', message: 'Приказ уже подписан' }],
    );
  if (order.version !== version) throw versionConflict(order.version);
}
