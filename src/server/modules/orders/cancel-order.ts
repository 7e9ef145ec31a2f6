import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { loadOrder } from './load-order.ts';
import { OrderActions } from './orders.policy.ts';
import type { CancelOrderInput } from './orders.schemas.ts';
import { readOrderIn } from './read-order.ts';
import { undoMovement } from './undo-movement.ts';

/**
 * Cancels a signed order by another order (об отмене приказа), which is signed as it is made. The lines
 * are taken back last first, so the learners are exactly where they were before the order; the
 * cancelled order stays, marked, as the record of what the registry said in between.
 */
export const cancelOrder = (ctx: Ctx, id: string, input: CancelOrderInput) =>
  withTransaction(ctx.db, async (tx) => {
    const { order, grant } = await loadOrder(tx, ctx, id, OrderActions['order.cancel'], { lock: true });
    if (order.state !== 'signed' || order.kind === 'cancellation')
      throw new AppError(
        'conflict',
        order.state === 'draft'
          ? 'Черновик не отменяют: его можно изменить или удалить'
          : order.state === 'cancelled'
            ? 'Приказ уже отменён'
            : 'Приказ об отмене не отменяется',
        [{ path: 'state', code: 'not_cancellable', message: 'Этот приказ нельзя отменить' }],
      );
    const lines = await tx
      .selectFrom('movements')
      .selectAll()
      .where('order_id', '=', id)
      .orderBy('position', 'desc')
      .execute();
    for (const line of lines) await undoMovement(tx, order, line);
    const now = new Date();
    const cancellation = await tx
      .insertInto('orders')
      .values({
        organization_id: order.organization_id,
        number: input.number,
        order_date: input.orderDate,
        kind: 'cancellation',
        state: 'signed',
        signer_name: input.signerName ?? null,
        signer_position: input.signerPosition ?? null,
        basis: input.basis,
        cancels_order_id: id,
        signed_at: now,
        signed_by: ctx.actor!.userId,
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('orders')
      .set({ state: 'cancelled', version: order.version + 1, updated_at: now })
      .where('id', '=', id)
      .execute();
    await auditInTx(tx, ctx, {
      action: 'order.cancel',
      objectType: 'order',
      objectId: id,
      subjectIds: lines.length > 0 ? [...new Set(lines.map((l) => l.person_id))] : null,
      grant,
      details: { cancellationId: cancellation.id, number: order.number, lines: lines.length },
    });
    return readOrderIn(tx, cancellation.id, ctx.config.timeZone);
  });
