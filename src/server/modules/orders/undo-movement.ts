import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import type { OrderRow } from './load-order.ts';
import type { MovementRow } from './movement-row.ts';

const blocked = (detail: string, code: string, extra: Record<string, unknown> = {}) =>
  new AppError('conflict', detail, [{ path: 'id', code, message: detail }], extra);

/**
 * A cancellation may only take back the latest word on a learner: a later signed order (or a received
 * transfer) builds on this one, and must be cancelled first.
 */
async function assertLatest(tx: Tx, order: OrderRow, m: MovementRow) {
  if (m.enrollment_id) {
    const later = await sql<{ number: string; order_date: string }>`
      SELECT o.number, o.order_date FROM movements x JOIN orders o ON o.id = x.order_id
       WHERE x.enrollment_id = ${m.enrollment_id} AND o.id <> ${order.id}
         AND (o.state = 'signed' AND o.signed_at > ${order.signed_at} OR o.state = 'draft' AND ${m.kind}::text IN ('enrollment', 'reinstatement'))
       LIMIT 1`.execute(tx);
    const o = later.rows[0];
    if (o)
      throw blocked(
        `Сначала отмените более поздний приказ № ${o.number} от ${o.order_date}: он меняет того же обучающегося`,
        'later_order',
        { laterOrder: o },
      );
  }
  if (m.kind === 'transfer_out') {
    const arrived = await sql`
      SELECT 1 FROM movements x JOIN orders o ON o.id = x.order_id
       WHERE x.arrival_of = ${m.id} AND o.state = 'signed'`.execute(tx);
    if (arrived.rows.length > 0)
      throw blocked(
        'Обучающийся уже зачислен в организацию, куда переведён: сначала там отменяют зачисление',
        'arrived',
      );
  }
}

type Effect = { target: string; row_id: string; before: Record<string, unknown> };

/** Takes back what one signed line did: rows it opened go, rows it ended get their former end back. */
export async function undoMovement(tx: Tx, order: OrderRow, m: MovementRow) {
  await assertLatest(tx, order, m);
  if (m.enrollment_id)
    await sql`SELECT 1 FROM enrollments WHERE id = ${m.enrollment_id} FOR UPDATE`.execute(tx);
  await tx.deleteFrom('placements').where('movement_id', '=', m.id).execute();
  await tx.deleteFrom('enrollment_status_periods').where('movement_id', '=', m.id).execute();
  const effects = await sql<Effect>`
    SELECT target, row_id, before FROM movement_effects WHERE movement_id = ${m.id} ORDER BY id DESC`.execute(
    tx,
  );
  for (const e of effects.rows) {
    const table =
      e.target === 'enrollment'
        ? 'enrollments'
        : e.target === 'placement'
          ? 'placements'
          : 'enrollment_status_periods';
    // Only the columns the movement changed are in `before`, each restored to its former value.
    await sql`UPDATE ${sql.table(table)} AS t SET ${sql.join(
      Object.keys(e.before).map((col) => sql`${sql.ref(col)} = r.${sql.ref(col)}`),
    )} FROM jsonb_populate_record(NULL::${sql.table(table)}, ${JSON.stringify(e.before)}::jsonb) AS r
      WHERE t.id = ${e.row_id}`.execute(tx);
  }
  const adopted = effects.rows.some((e) => e.target === 'enrollment' && m.kind === 'enrollment');
  if ((m.kind === 'enrollment' || m.kind === 'reinstatement') && m.enrollment_id && !adopted) {
    await tx.updateTable('movements').set({ enrollment_id: null }).where('id', '=', m.id).execute();
    await tx.deleteFrom('enrollments').where('id', '=', m.enrollment_id).execute();
  }
}
