import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { forbidden } from '../../platform/errors.ts';
import { checkMovements } from './check-movements.ts';
import { OrderActions } from './orders.policy.ts';
import type { CreateOrderInput } from './orders.schemas.ts';
import { readOrderIn } from './read-order.ts';
import { writeMovements } from './write-movements.ts';

/** A new draft order of an organization in the actor's scope, with its lines checked but not applied. */
export const createOrder = (ctx: Ctx, input: CreateOrderInput) =>
  withTransaction(ctx.db, async (tx) => {
    const grants = authorize(ctx.actor!, OrderActions['order.write']);
    const grant = await grantCovering(tx, grants, input.organizationId);
    if (!grant) throw forbidden('Организация вне вашей области доступа');
    await checkMovements(tx, input.kind, input.movements, { organizationId: input.organizationId, grants });
    const order = await tx
      .insertInto('orders')
      .values({
        organization_id: input.organizationId,
        number: input.number,
        order_date: input.orderDate,
        kind: input.kind,
        signer_name: input.signerName ?? null,
        signer_position: input.signerPosition ?? null,
        basis: input.basis ?? null,
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeMovements(tx, order.id, input.movements);
    await auditInTx(tx, ctx, {
      action: 'order.create',
      objectType: 'order',
      objectId: order.id,
      subjectIds: input.movements.length > 0 ? [...new Set(input.movements.map((m) => m.personId))] : null,
      grant,
      details: { organizationId: input.organizationId, kind: input.kind, lines: input.movements.length },
    });
    return readOrderIn(tx, order.id, ctx.config.timeZone);
  });
