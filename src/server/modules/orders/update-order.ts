import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { checkMovements } from './check-movements.ts';
import { assertEditableDraft, loadOrder } from './load-order.ts';
import { OrderActions } from './orders.policy.ts';
import type { UpdateOrderInput } from './orders.schemas.ts';
import { readOrderIn } from './read-order.ts';
import { writeMovements } from './write-movements.ts';

/** Replaces a draft's header and lines; the version the client saw guards against lost updates. */
export const updateOrder = (ctx: Ctx, id: string, input: UpdateOrderInput) =>
  withTransaction(ctx.db, async (tx) => {
    const { order, grant } = await loadOrder(tx, ctx, id, OrderActions['order.write'], { lock: true });
    assertEditableDraft(order, input.version);
    if (order.kind === 'cancellation') throw new Error('a cancellation is never a draft');
    const grants = authorize(ctx.actor!, OrderActions['order.write']);
    await checkMovements(tx, order.kind, input.movements, { organizationId: order.organization_id, grants });
    await tx
      .updateTable('orders')
      .set({
        number: input.number,
        order_date: input.orderDate,
        signer_name: input.signerName ?? null,
        signer_position: input.signerPosition ?? null,
        basis: input.basis ?? null,
        version: order.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await writeMovements(tx, id, input.movements);
    await auditInTx(tx, ctx, {
      action: 'order.update',
      objectType: 'order',
      objectId: id,
      subjectIds: input.movements.length > 0 ? [...new Set(input.movements.map((m) => m.personId))] : null,
      grant,
      details: { lines: input.movements.length },
    });
    return readOrderIn(tx, id, ctx.config.timeZone);
  });
