import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { assertEditableDraft, loadOrder } from './load-order.ts';
import { OrderActions } from './orders.policy.ts';

/** A draft that was never signed leaves no trace in anyone's history; only the audit remembers it. */
export const deleteDraftOrder = (ctx: Ctx, id: string, version: number) =>
  withTransaction(ctx.db, async (tx) => {
    const { order, grant } = await loadOrder(tx, ctx, id, OrderActions['order.write'], { lock: true });
    assertEditableDraft(order, version);
    const lines = await tx.selectFrom('movements').select('person_id').where('order_id', '=', id).execute();
    await tx.deleteFrom('orders').where('id', '=', id).execute();
    await auditInTx(tx, ctx, {
      action: 'order.delete',
      objectType: 'order',
      objectId: id,
      subjectIds: lines.length > 0 ? [...new Set(lines.map((l) => l.person_id))] : null,
      grant,
      details: { number: order.number },
    });
  });
