import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { constraintProblem } from '../../platform/db/constraint-problems.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { applyMovement } from './apply-movement.ts';
import { checkMovements } from './check-movements.ts';
import { assertEditableDraft, loadOrder, type OrderRow } from './load-order.ts';
import { inputOf } from './movement-input.ts';
import type { MovementRow } from './movement-row.ts';
import { OrderActions } from './orders.policy.ts';
import { readOrderIn } from './read-order.ts';

/** A database refusal while applying line i, answered with that line's path. */
function atLine(err: unknown, i: number): unknown {
  const problem = err instanceof AppError ? null : constraintProblem(err);
  if (!problem) return err;
  const path = `body.movements.${i}`;
  const errors = problem.errors.length
    ? problem.errors.map((e) => ({ ...e, path: e.path.startsWith('body.movements') ? path : e.path }))
    : [{ path, code: 'constraint', message: problem.detail }];
  return new AppError(problem.code, problem.detail, errors, problem.extra);
}

/** Placing above capacity needs a reason on the line; counted on the line's date with this order's lines. */
async function checkCapacity(tx: Tx, lines: MovementRow[]) {
  const placing = lines.filter((l) => l.unit_id);
  if (placing.length === 0) return;
  const unitIds = [...new Set(placing.map((l) => l.unit_id!))];
  // Locked so that two orders filling the last places of one class are counted one after the other.
  const units = await sql<{ id: string; capacity: number | null; name: string }>`
    SELECT id, capacity, name FROM units WHERE id = ANY(${unitIds}::uuid[]) ORDER BY id FOR UPDATE`.execute(
    tx,
  );
  const count = new Map<string, number>();
  const errors = [];
  for (const l of placing) {
    const u = units.rows.find((x) => x.id === l.unit_id)!;
    if (u.capacity === null) continue;
    const key = `${u.id}/${l.effective_on}`;
    if (!count.has(key)) {
      const r = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM placements WHERE unit_id = ${u.id}
           AND daterange(valid_from, valid_to, '[)') @> ${l.effective_on}::date`.execute(tx);
      count.set(key, r.rows[0]!.n);
    }
    const n = count.get(key)! + 1;
    count.set(key, n);
    if (n > u.capacity && !l.capacity_reason)
      errors.push({
        path: `body.movements.${l.position}.capacityReason`,
        code: 'capacity_exceeded',
        message: `В «${u.name}» ${u.capacity} мест: укажите причину превышения наполняемости`,
      });
  }
  if (errors.length) throw new AppError('business_rule', 'Превышена наполняемость класса (группы)', errors);
}

/** Each transfer is received once: the sending line is locked, then any signed arrival is looked for. */
async function checkArrivals(tx: Tx, order: OrderRow, lines: MovementRow[]) {
  for (const l of lines.filter((x) => x.arrival_of)) {
    await sql`SELECT 1 FROM movements WHERE id = ${l.arrival_of} FOR UPDATE`.execute(tx);
    const taken = await sql`
      SELECT 1 FROM movements m JOIN orders o ON o.id = m.order_id
       WHERE m.arrival_of = ${l.arrival_of} AND o.state = 'signed' AND o.id <> ${order.id}`.execute(tx);
    if (taken.rows.length > 0)
      throw new AppError('conflict', 'Прибытие по этому переводу уже оформлено', [
        {
          path: `body.movements.${l.position}.arrivalOf`,
          code: 'already_arrived',
          message: 'Прибытие уже оформлено',
        },
      ]);
  }
}

/**
 * Signs a draft: applies all its lines in one transaction against the learners' state at this moment,
 * or none of them. The lines are checked again, since a draft may wait for days while learners move.
 */
export const signOrder = (ctx: Ctx, id: string, version: number) =>
  withTransaction(ctx.db, async (tx) => {
    const { order, grant } = await loadOrder(tx, ctx, id, OrderActions['order.sign'], { lock: true });
    assertEditableDraft(order, version);
    const lines = await tx
      .selectFrom('movements')
      .selectAll()
      .where('order_id', '=', id)
      .orderBy('position')
      .execute();
    if (lines.length === 0)
      throw new AppError('validation_failed', 'В приказе нет ни одной строки', [
        { path: 'body.movements', code: 'empty_order', message: 'Добавьте обучающихся в приказ' },
      ]);
    if (order.kind === 'cancellation') throw new Error('a cancellation is signed when it is made');
    const grants = authorize(ctx.actor!, OrderActions['order.write']);
    await checkMovements(tx, order.kind, lines.map(inputOf), {
      organizationId: order.organization_id,
      grants,
    });
    await checkArrivals(tx, order, lines);
    await checkCapacity(tx, lines);
    for (const line of lines) {
      try {
        await applyMovement(tx, line, order.organization_id, ctx.actor!.userId);
      } catch (err) {
        throw atLine(err, line.position);
      }
    }
    const now = new Date();
    await tx
      .updateTable('orders')
      .set({
        state: 'signed',
        signed_at: now,
        signed_by: ctx.actor!.userId,
        version: order.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    // Entered into the registry now: the lag behind the order's date is what the one-day rule watches.
    await tx.updateTable('movements').set({ entered_at: now }).where('order_id', '=', id).execute();
    await auditInTx(tx, ctx, {
      action: 'order.sign',
      objectType: 'order',
      objectId: id,
      subjectIds: [...new Set(lines.map((l) => l.person_id))],
      grant,
      details: { kind: order.kind, number: order.number, lines: lines.length },
    });
    return readOrderIn(tx, id, ctx.config.timeZone);
  });
