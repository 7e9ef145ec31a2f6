import { sql } from 'kysely';
import type { z } from 'zod';
import { dateInZone } from '../../../common/dates/working-days.ts';
import { authorize } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { PromotionActions } from './promotion.policy.ts';
import type { undoSchema } from './promotion.schemas.ts';
import { allowBulkMemory } from './promotion-lines.ts';
import { readRun } from './read-run.ts';

const refuse = (detail: string, code: string) =>
  new AppError('conflict', detail, [{ path: 'id', code, message: detail }]);

/**
 * Undoes a whole run before its deadline: every order it signed is cancelled by an order of the same
 * school, and every row it opened or ended is back as it was. Next year's classes it created stay:
 * they are next year's plan, not anyone's history.
 */
export const undoPromotion = (ctx: Ctx, id: string, input: z.infer<typeof undoSchema>) =>
  withTransaction(ctx.db, async (tx) => {
    const run = await tx
      .selectFrom('promotion_runs')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    const grant = run
      ? await grantCovering(tx, authorize(ctx.actor!, PromotionActions['promotion.undo']), run.scope_node_id)
      : null;
    if (!run || !grant) throw notFound('Перевод').audited('promotion.undo', 'promotion_run', id);
    if (run.undone_at) throw refuse('Перевод уже отменён', 'already_undone');
    if (dateInZone(new Date(), ctx.config.timeZone) > run.undo_deadline)
      throw refuse(`Срок отмены перевода истёк ${run.undo_deadline}`, 'deadline_passed');
    await allowBulkMemory(tx);
    // The run's lines and the effects they had, as analyzed temporary tables: up to a million rows that
    // the statistics of movements and movement_effects (written in bulk since their last analysis) know
    // nothing of. A plan built on those statistics once spent an hour on what takes seconds.
    await sql`CREATE TEMP TABLE undo_line ON COMMIT DROP AS
                SELECT m.id, m.enrollment_id FROM movements m
                  JOIN orders o ON o.id = m.order_id AND o.promotion_run_id = ${id}`.execute(tx);
    await sql`CREATE INDEX ON undo_line (id)`.execute(tx);
    await sql`ANALYZE undo_line`.execute(tx);
    await sql`CREATE TEMP TABLE undo_effect ON COMMIT DROP AS
                SELECT e.target, e.row_id, e.before FROM movement_effects e
                 WHERE e.movement_id IN (SELECT id FROM undo_line)`.execute(tx);
    await sql`ANALYZE undo_effect`.execute(tx);
    const later = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM movements x JOIN orders o ON o.id = x.order_id
       WHERE x.enrollment_id IN (SELECT enrollment_id FROM undo_line l)
         AND o.promotion_run_id IS DISTINCT FROM ${id} AND o.state = 'signed' AND o.signed_at > ${run.created_at}`.execute(
      tx,
    );
    if (later.rows[0]!.n > 0)
      throw refuse(
        `После перевода подписаны приказы по ${later.rows[0]!.n} обучающимся: сначала отмените их`,
        'later_order',
      );
    await sql`DELETE FROM placements WHERE movement_id IN (SELECT id FROM undo_line l)`.execute(tx);
    await sql`DELETE FROM enrollment_status_periods WHERE movement_id IN (SELECT id FROM undo_line l)`.execute(
      tx,
    );
    for (const [target, table] of [
      ['placement', 'placements'],
      ['status_period', 'enrollment_status_periods'],
    ] as const) {
      await sql`UPDATE ${sql.table(table)} t SET valid_to = (e.before ->> 'valid_to')::date
                  FROM undo_effect e WHERE e.target = ${target} AND e.row_id = t.id`.execute(tx);
    }
    await sql`UPDATE enrollments t SET programme_id = (e.before ->> 'programme_id')::uuid
                FROM undo_effect e WHERE e.target = 'enrollment' AND e.row_id = t.id`.execute(tx);
    const now = new Date();
    await sql`
      INSERT INTO orders (organization_id, number, order_date, kind, state, basis, cancels_order_id, signed_at,
                          signed_by, created_by)
      SELECT o.organization_id,
             -- A school has a promotion and a graduation order: the second cancellation takes the suffix «/1».
             CASE o.kind WHEN 'graduation' THEN ${input.number} || '/1' ELSE ${input.number} END, ${input.orderDate}::date, 'cancellation', 'signed', ${input.basis},
             o.id, ${now}, ${ctx.actor!.userId}::uuid, ${ctx.actor!.userId}::uuid
        FROM orders o WHERE o.promotion_run_id = ${id}`.execute(tx);
    await tx
      .updateTable('orders')
      .set((eb) => ({ state: 'cancelled', version: eb('version', '+', 1), updated_at: now }))
      .where('promotion_run_id', '=', id)
      .execute();
    await tx
      .updateTable('promotion_runs')
      .set({ undone_at: now, undone_by: ctx.actor!.userId })
      .where('id', '=', id)
      .execute();
    await auditInTx(tx, ctx, {
      action: 'promotion.undo',
      objectType: 'promotion_run',
      objectId: id,
      grant,
      details: { promoted: run.promoted, graduated: run.graduated },
    });
    return readRun(tx, id);
  });
