import { sql } from 'kysely';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { PromotionActions } from './promotion.policy.ts';
import type { RunInput } from './promotion.schemas.ts';
import {
  allowBulkMemory,
  applyLines,
  createMovements,
  createOrders,
  stageTargets,
} from './promotion-lines.ts';
import { candidatesSql, gradeLevelSql, type PromotionScope, promotionScope } from './promotion-scope.ts';
import { readRun } from './read-run.ts';

const adjustmentRow = (a: RunInput['adjustments'][number]) => ({
  enrollment_id: a.enrollmentId,
  outcome: a.outcome,
  unit_id: a.unitId ?? null,
  debt_subjects: a.debtSubjects ?? null,
  debt_deadline: a.debtDeadline ?? null,
});

/** Above this many schools a run reads its candidates with hash joins. */
const WIDE_RUN_SCHOOLS = 50;

/**
 * The run's working set: one row per learner with the outcome decided (the default, or the operator's
 * adjustment) and the class they go to. A temporary table, because five statements read it and the
 * region has a million rows.
 */
async function stageCandidates(tx: Tx, scope: PromotionScope, input: RunInput) {
  // The planner cannot know that this year's classes hold every open placement: for a whole territory it
  // expects a few thousand learners and probes the enrollment and status period of each (40 s for
  // 650,000). Hash joins read the tables once (3 s); one school's run keeps its index probes.
  const wide = scope.organizationIds.length > WIDE_RUN_SCHOOLS;
  if (wide) await sql`SET LOCAL enable_nestloop = off`.execute(tx);
  await sql`CREATE TEMP TABLE promotion_stage ON COMMIT DROP AS
    SELECT c.*, coalesce(a.outcome, c.default_outcome) AS outcome, a.unit_id AS chosen_unit_id,
           a.debt_subjects, a.debt_deadline
      FROM (${candidatesSql(scope)}) c
      LEFT JOIN jsonb_to_recordset(${JSON.stringify(input.adjustments.map(adjustmentRow))}::jsonb)
             AS a(enrollment_id uuid, outcome text, unit_id uuid, debt_subjects text[], debt_deadline date)
             ON a.enrollment_id = c.enrollment_id`.execute(tx);
  if (wide) await sql`RESET enable_nestloop`.execute(tx);
  await sql`DELETE FROM promotion_stage WHERE outcome = 'exclude'`.execute(tx);
  await sql`ANALYZE promotion_stage`.execute(tx);
}

/** Adjustments must name learners of the run and carry what their outcome needs. */
async function checkAdjustments(tx: Tx, scope: PromotionScope, input: RunInput) {
  const errors: FieldProblem[] = [];
  const known = new Set(
    (
      await sql<{ enrollment_id: string }>`
        SELECT enrollment_id FROM (${candidatesSql(scope)}) c
         WHERE enrollment_id = ANY(${input.adjustments.map((a) => a.enrollmentId)}::uuid[])`.execute(tx)
    ).rows.map((r) => r.enrollment_id),
  );
  const units = new Set(
    (
      await sql<{ id: string }>`
        SELECT id FROM units WHERE academic_year_id = ${scope.to.id}
           AND organization_id = ANY(${scope.organizationIds}::uuid[])
           AND id = ANY(${input.adjustments.flatMap((a) => (a.unitId ? [a.unitId] : []))}::uuid[])`.execute(
        tx,
      )
    ).rows.map((r) => r.id),
  );
  input.adjustments.forEach((a, i) => {
    const at = (f: string) => `body.adjustments.${i}.${f}`;
    const add = (f: string, code: string, message: string) => errors.push({ path: at(f), code, message });
    if (!known.has(a.enrollmentId))
      add('enrollmentId', 'not_found', 'Обучающийся не найден среди переводимых');
    if (a.unitId && !units.has(a.unitId))
      add('unitId', 'not_found', 'Класс следующего учебного года не найден');
    if (a.outcome === 'repeat' && !a.unitId)
      add('unitId', 'required', 'Укажите класс для повторного обучения');
    if (a.outcome === 'conditional' && (!a.debtSubjects || !a.debtDeadline))
      add('debtSubjects', 'required', 'Укажите предметы и срок ликвидации задолженности');
    if (a.debtDeadline && a.debtDeadline <= input.effectiveOn)
      add(
        'debtDeadline',
        'dates_out_of_order',
        'Срок ликвидации задолженности должен быть позже даты перевода',
      );
  });
  if (input.effectiveOn < scope.to.starts_on || input.effectiveOn > scope.to.ends_on)
    errors.push({
      path: 'body.effectiveOn',
      code: 'outside_year',
      message: 'Дата перевода вне следующего учебного года',
    });
  if (input.undoDeadline < input.effectiveOn)
    errors.push({
      path: 'body.undoDeadline',
      code: 'dates_out_of_order',
      message: 'Срок отмены раньше даты перевода',
    });
  if (errors.length) throw new AppError('validation_failed', 'Проверьте параметры перевода', errors);
}

/**
 * Next year's classes the promoted learners need: «5А» for «4А», created where the school has none yet,
 * on the school's programme of the new grade's level (НОО → ООО after the 4th grade) when it has one.
 */
async function createTargetUnits(tx: Tx, scope: PromotionScope) {
  await sql`
    INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity, programme_id)
    SELECT DISTINCT ON (u.id) u.organization_id, ${scope.to.id}::uuid, 'class', (u.grade + 1)::text || coalesce(u.letter, ''),
           u.grade + 1, u.letter, u.capacity,
           coalesce((SELECT p.id FROM education_programmes p
                      WHERE p.organization_id = u.organization_id AND NOT p.adapted
                        AND p.level = ${gradeLevelSql(sql`u.grade + 1`)}
                      ORDER BY p.created_at, p.id LIMIT 1), u.programme_id)
      FROM units u
     WHERE u.id IN (SELECT unit_id FROM promotion_stage WHERE outcome NOT IN ('graduation', 'repeat'))
    ON CONFLICT (organization_id, academic_year_id, name) DO NOTHING`.execute(tx);
}

/**
 * Year-end promotion of one school or of every school in a territory: proposes nothing, decides with
 * the operator's adjustments, and signs one order per school in one transaction. The run is undone as
 * a whole until its deadline.
 */
export const runPromotion = (ctx: Ctx, input: RunInput) =>
  withTransaction(ctx.db, async (tx) => {
    const scope = await promotionScope(tx, ctx, PromotionActions['promotion.run'], input);
    if (input.territoryId && input.adjustments.length > 0)
      throw new AppError('validation_failed', 'Изменения по обучающимся вносятся при переводе одной школы', [
        { path: 'body.adjustments', code: 'not_for_territory', message: 'Только для одной организации' },
      ]);
    await checkAdjustments(tx, scope, input);
    // One run at a time per school set: a second click waits, then finds nobody left to move.
    await sql`SELECT pg_advisory_xact_lock(hashtext('promotion'), hashtext(${scope.from.id}))`.execute(tx);
    await allowBulkMemory(tx);
    await stageCandidates(tx, scope, input);
    const staged = await sql<{ n: number }>`SELECT count(*)::int AS n FROM promotion_stage`.execute(tx);
    if (staged.rows[0]!.n === 0)
      throw new AppError(
        'business_rule',
        'Переводить некого: обучающиеся этого года уже переведены или выбыли',
        [{ path: 'body.fromYearId', code: 'nothing_to_promote', message: 'Нет обучающихся для перевода' }],
      );
    const run = await tx
      .insertInto('promotion_runs')
      .values({
        scope_node_id: scope.node,
        from_year_id: scope.from.id,
        to_year_id: scope.to.id,
        effective_on: input.effectiveOn,
        undo_deadline: input.undoDeadline,
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createTargetUnits(tx, scope);
    await stageTargets(tx, scope);
    await createOrders(tx, ctx, run.id, input);
    await createMovements(tx, input);
    await applyLines(tx, input.effectiveOn);
    const counts = await sql<{ promoted: number; graduated: number }>`
      SELECT count(*) FILTER (WHERE outcome <> 'graduation')::int AS promoted,
             count(*) FILTER (WHERE outcome = 'graduation')::int AS graduated FROM promotion_stage`.execute(
      tx,
    );
    const { promoted, graduated } = counts.rows[0]!;
    await tx.updateTable('promotion_runs').set({ promoted, graduated }).where('id', '=', run.id).execute();
    // A territory's run names up to a million learners: its orders name them and the audit row counts
    // them; one school's run names its learners.
    const subjects = input.organizationId
      ? (await sql<{ person_id: string }>`SELECT person_id FROM promotion_stage`.execute(tx)).rows.map(
          (r) => r.person_id,
        )
      : [];
    await auditInTx(tx, ctx, {
      action: 'promotion.sign',
      objectType: 'promotion_run',
      objectId: run.id,
      subjectIds: subjects.length > 0 ? subjects : null,
      grant: scope.grant,
      details: { scopeNodeId: scope.node, promoted, graduated, schools: scope.organizationIds.length },
    });
    return readRun(tx, run.id);
  });
