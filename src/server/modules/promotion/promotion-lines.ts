import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { RunInput } from './promotion.schemas.ts';
import type { PromotionScope } from './promotion-scope.ts';

/*
 * A run's writes, set by set, over `promotion_stage` (one row per learner, see run-promotion.ts). Every
 * working set is a small analyzed temporary table: the tables the rows come from were written in this
 * transaction, so their statistics say next year has no classes and the run no orders, and a join of a
 * million learners planned on those estimates loops (six minutes at a million learners).
 */

/**
 * Memory for one mass operation: its joins, sorts and the access and card refreshes its triggers run
 * handle up to a million rows, which spill to disk at the server's default 4 MB per step. One run or
 * undo at a time per year (an advisory lock), so the extra is bounded.
 */
export async function allowBulkMemory(tx: Tx) {
  await sql`SET LOCAL work_mem = '256MB'`.execute(tx);
}

/** Next year's classes of the run's schools, by school and name. */
export async function stageTargets(tx: Tx, scope: PromotionScope) {
  await sql`CREATE TEMP TABLE promotion_target ON COMMIT DROP AS
    SELECT id, organization_id, name, programme_id FROM units
     WHERE academic_year_id = ${scope.to.id} AND organization_id = ANY(${scope.organizationIds}::uuid[])`.execute(
    tx,
  );
  await sql`ANALYZE promotion_target`.execute(tx);
}

/** One promotion order and one graduation order per school, signed as the run is made. */
export async function createOrders(tx: Tx, ctx: Ctx, runId: string, input: RunInput) {
  await sql`CREATE TEMP TABLE promotion_order (id uuid, organization_id uuid, grad boolean) ON COMMIT DROP`.execute(
    tx,
  );
  await sql`
    WITH o AS (
      INSERT INTO orders (organization_id, number, order_date, kind, state, signer_name, signer_position,
                          signed_at, signed_by, created_by, promotion_run_id)
      SELECT s.organization_id, CASE WHEN s.grad THEN ${input.graduationNumber} ELSE ${input.number} END,
             ${input.orderDate}::date, CASE WHEN s.grad THEN 'graduation' ELSE 'promotion' END, 'signed',
             ${input.signerName ?? null}, ${input.signerPosition ?? null}, now(), ${ctx.actor!.userId}::uuid,
             ${ctx.actor!.userId}::uuid, ${runId}::uuid
        FROM (SELECT DISTINCT organization_id, outcome = 'graduation' AS grad FROM promotion_stage) s
      RETURNING id, organization_id, kind = 'graduation' AS grad)
    INSERT INTO promotion_order SELECT * FROM o`.execute(tx);
  await sql`ANALYZE promotion_order`.execute(tx);
}

/**
 * The lines: one per learner, kept in `promotion_line` with what applying them needs. Mass orders keep
 * the lines in no particular order (position 0): the printed list sorts them by class and name, and
 * nobody edits a signed order line by line.
 */
export async function createMovements(tx: Tx, input: RunInput) {
  await sql`CREATE TEMP TABLE promotion_line (id uuid, kind text, promotion_type text, enrollment_id uuid,
              unit_id uuid, programme_id uuid, placement_id uuid, period_id uuid, status text,
              former_programme_id uuid) ON COMMIT DROP`.execute(tx);
  await sql`
    WITH m AS (
      INSERT INTO movements (order_id, position, kind, person_id, enrollment_id, effective_on, unit_id,
                             promotion_type, programme_id, debt_subjects, debt_deadline, exit_reason,
                             document_kind, entered_at)
      SELECT o.id, 0, CASE WHEN st.outcome = 'graduation' THEN 'graduation' ELSE 'promotion' END, st.person_id,
             st.enrollment_id, ${input.effectiveOn}::date,
             CASE WHEN st.outcome = 'graduation' THEN NULL ELSE coalesce(st.chosen_unit_id, t.id) END,
             CASE WHEN st.outcome = 'graduation' THEN NULL ELSE st.outcome END,
             -- The class of the next level carries its programme: the enrollment moves onto it.
             CASE WHEN st.outcome <> 'graduation' AND coalesce(c.programme_id, t.programme_id) <> st.programme_id
                  THEN coalesce(c.programme_id, t.programme_id) END,
             st.debt_subjects, st.debt_deadline,
             CASE WHEN st.outcome = 'graduation' THEN 'GRADUATED' END,
             CASE WHEN st.outcome = 'graduation' THEN
               CASE WHEN st.grade = 9 THEN 'certificate_basic' ELSE 'certificate_secondary' END END,
             now()
        FROM promotion_stage st
        JOIN promotion_order o ON o.organization_id = st.organization_id AND o.grad = (st.outcome = 'graduation')
        LEFT JOIN promotion_target t ON t.organization_id = st.organization_id
                                    AND t.name = (st.grade + 1)::text || coalesce(st.letter, '')
                                    AND st.chosen_unit_id IS NULL
        LEFT JOIN promotion_target c ON c.id = st.chosen_unit_id
       -- In the order of the ids (time-ordered uuids): the index pages each insert touches are the
       -- ones the previous row touched, instead of a random page of a large index per row.
       ORDER BY st.person_id
      RETURNING id, kind, promotion_type, enrollment_id, unit_id, programme_id)
    INSERT INTO promotion_line
    SELECT m.*, st.placement_id, st.period_id, st.status, st.programme_id
      FROM m JOIN promotion_stage st ON st.enrollment_id = m.enrollment_id`.execute(tx);
  await sql`ANALYZE promotion_line`.execute(tx);
}

/** The status a line leaves its learner in: out by graduation, conditional, or (back to) enrolled. */
const NEXT_STATUS = sql`CASE WHEN l.kind = 'graduation' THEN 'exited'
                             WHEN l.promotion_type = 'conditional' THEN 'conditional_promotion'
                             ELSE 'enrolled' END`;

/**
 * Applies the lines: ends this year's placements (keeping their former end for the undo), opens next
 * year's, moves enrollments onto the next level's programme, and changes the status where the outcome
 * does. The same rows the one-line path writes, in a few statements.
 */
export async function applyLines(tx: Tx, on: string) {
  await sql`INSERT INTO movement_effects (movement_id, target, row_id, before)
            SELECT l.id, 'placement', l.placement_id, '{"valid_to": null}'::jsonb FROM promotion_line l
            UNION ALL
            SELECT l.id, 'enrollment', l.enrollment_id, jsonb_build_object('programme_id', l.former_programme_id)
              FROM promotion_line l WHERE l.programme_id IS NOT NULL
            UNION ALL
            SELECT l.id, 'status_period', l.period_id, '{"valid_to": null}'::jsonb
              FROM promotion_line l WHERE ${NEXT_STATUS} <> l.status`.execute(tx);
  await sql`UPDATE placements p SET valid_to = ${on}::date FROM promotion_line l
             WHERE p.id = l.placement_id`.execute(tx);
  await sql`UPDATE enrollments e SET programme_id = l.programme_id FROM promotion_line l
             WHERE e.id = l.enrollment_id AND l.programme_id IS NOT NULL`.execute(tx);
  await sql`INSERT INTO placements (enrollment_id, unit_id, valid_from, movement_id)
            SELECT l.enrollment_id, l.unit_id, ${on}::date, l.id FROM promotion_line l
             WHERE l.kind = 'promotion' ORDER BY l.enrollment_id`.execute(tx);
  await sql`UPDATE enrollment_status_periods sp SET valid_to = ${on}::date FROM promotion_line l
             WHERE sp.id = l.period_id AND ${NEXT_STATUS} <> l.status`.execute(tx);
  await sql`INSERT INTO enrollment_status_periods (enrollment_id, status, valid_from, movement_id)
            SELECT l.enrollment_id, ${NEXT_STATUS}, ${on}::date, l.id FROM promotion_line l
             WHERE ${NEXT_STATUS} <> l.status ORDER BY l.enrollment_id`.execute(tx);
}
