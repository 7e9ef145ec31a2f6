import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import type { MovementRow } from './movement-row.ts';

type Status = 'enrolled' | 'academic_leave' | 'conditional_promotion' | 'exited';
type Period = { id: string; status: Status; valid_from: string; valid_to: string | null };
type Placement = { id: string; unit_id: string; valid_from: string; valid_to: string | null };

/** A movement that the learner's current state does not allow: the line's kind is to blame. */
export const notAllowed = (index: number, detail: string, code = 'movement_not_allowed') =>
  new AppError('business_rule', detail, [{ path: `body.movements.${index}.kind`, code, message: detail }]);

const lastChangeAfter = (index: number) =>
  new AppError('business_rule', 'Дата движения раньше последнего изменения в истории обучающегося', [
    {
      path: `body.movements.${index}.effectiveOn`,
      code: 'before_last_change',
      message: 'Движение не может быть раньше последнего изменения: сначала отмените более поздний приказ',
    },
  ]);

/** The period or placement open on the date (the last one); closed rows of the past stay as they are. */
async function openPeriod(tx: Tx, enrollmentId: string) {
  const r = await sql<Period>`
    SELECT id, status, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to
      FROM enrollment_status_periods WHERE enrollment_id = ${enrollmentId}
     ORDER BY valid_from DESC LIMIT 1`.execute(tx);
  return r.rows[0] ?? null;
}

async function openPlacement(tx: Tx, enrollmentId: string) {
  const r = await sql<Placement>`
    SELECT id, unit_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to
      FROM placements WHERE enrollment_id = ${enrollmentId} AND valid_to IS NULL`.execute(tx);
  return r.rows[0] ?? null;
}

/** Ends an open row on the date, keeping its former end for a cancellation. */
async function closeRow(
  tx: Tx,
  m: MovementRow,
  target: 'status_period' | 'placement',
  row: { id: string; valid_from: string; valid_to: string | null },
  on: string,
) {
  if (row.valid_from >= on) throw lastChangeAfter(m.position);
  await tx
    .insertInto('movement_effects')
    .values({ movement_id: m.id, target, row_id: row.id, before: JSON.stringify({ valid_to: row.valid_to }) })
    .execute();
  const table = target === 'status_period' ? 'enrollment_status_periods' : 'placements';
  await sql`UPDATE ${sql.table(table)} SET valid_to = ${on}::date WHERE id = ${row.id}`.execute(tx);
}

async function place(tx: Tx, m: MovementRow, enrollmentId: string, unitId: string) {
  const open = await openPlacement(tx, enrollmentId);
  if (open) await closeRow(tx, m, 'placement', open, m.effective_on);
  await tx
    .insertInto('placements')
    .values({ enrollment_id: enrollmentId, unit_id: unitId, valid_from: m.effective_on, movement_id: m.id })
    .execute();
}

async function changeStatus(tx: Tx, m: MovementRow, enrollmentId: string, current: Period, status: Status) {
  await closeRow(tx, m, 'status_period', current, m.effective_on);
  await tx
    .insertInto('enrollment_status_periods')
    .values({ enrollment_id: enrollmentId, status, valid_from: m.effective_on, movement_id: m.id })
    .execute();
}

/**
 * An enrollment made before orders (by the person form or an import) has no programme. The first
 * enrollment order of that organization for the learner gives it its order details instead of
 * opening a second one; the former values are kept for a cancellation.
 */
async function adoptLegacyEnrollment(tx: Tx, m: MovementRow, organizationId: string) {
  const legacy = await sql<{ id: string; education_form: string | null; funding: string | null }>`
    SELECT id, education_form, funding FROM enrollments
     WHERE person_id = ${m.person_id} AND organization_id = ${organizationId} AND ended_on IS NULL
       AND programme_id IS NULL
     FOR UPDATE`.execute(tx);
  const e = legacy.rows[0];
  if (!e) return null;
  const first = await sql<{ id: string; valid_from: string; valid_to: string | null }>`
    SELECT id, valid_from, valid_to FROM enrollment_status_periods WHERE enrollment_id = ${e.id}
     ORDER BY valid_from LIMIT 1`.execute(tx);
  const p = first.rows[0]!;
  if (p.valid_to !== null && p.valid_to <= m.effective_on) throw lastChangeAfter(m.position);
  await tx
    .insertInto('movement_effects')
    .values([
      {
        movement_id: m.id,
        target: 'enrollment',
        row_id: e.id,
        before: JSON.stringify({ programme_id: null, education_form: e.education_form, funding: e.funding }),
      },
      {
        movement_id: m.id,
        target: 'status_period',
        row_id: p.id,
        before: JSON.stringify({ valid_from: p.valid_from }),
      },
    ])
    .execute();
  await tx
    .updateTable('enrollments')
    .set({
      programme_id: m.programme_id,
      education_form: m.education_form ?? 'full_time',
      funding: m.funding ?? 'budget',
    })
    .where('id', '=', e.id)
    .execute();
  if (p.valid_from !== m.effective_on)
    await tx
      .updateTable('enrollment_status_periods')
      .set({ valid_from: m.effective_on })
      .where('id', '=', p.id)
      .execute();
  return e.id;
}

async function createEnrollment(tx: Tx, m: MovementRow, organizationId: string, userId: string) {
  const adopted = m.kind === 'enrollment' ? await adoptLegacyEnrollment(tx, m, organizationId) : null;
  const id =
    adopted ??
    (
      await tx
        .insertInto('enrollments')
        .values({
          person_id: m.person_id,
          organization_id: organizationId,
          programme_id: m.programme_id,
          education_form: m.education_form ?? 'full_time',
          funding: m.funding ?? 'budget',
          started_on: m.effective_on,
          created_by: userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  // The insert trigger opened the first period; it belongs to this movement, so a cancellation removes it.
  if (!adopted)
    await tx
      .updateTable('enrollment_status_periods')
      .set({ movement_id: m.id })
      .where('enrollment_id', '=', id)
      .execute();
  await tx.updateTable('movements').set({ enrollment_id: id }).where('id', '=', m.id).execute();
  if (m.unit_id) {
    await tx
      .insertInto('placements')
      .values({ enrollment_id: id, unit_id: m.unit_id, valid_from: m.effective_on, movement_id: m.id })
      .execute();
  }
  return id;
}

async function changeEnrollment(tx: Tx, m: MovementRow, enrollmentId: string) {
  const before = await tx
    .selectFrom('enrollments')
    .select(['programme_id', 'education_form', 'funding'])
    .where('id', '=', enrollmentId)
    .executeTakeFirstOrThrow();
  const after = {
    programme_id: m.programme_id ?? before.programme_id,
    education_form: m.education_form ?? before.education_form,
    funding: m.funding ?? before.funding,
  };
  if (JSON.stringify(after) === JSON.stringify(before)) return;
  await tx
    .insertInto('movement_effects')
    .values({ movement_id: m.id, target: 'enrollment', row_id: enrollmentId, before: JSON.stringify(before) })
    .execute();
  await tx.updateTable('enrollments').set(after).where('id', '=', enrollmentId).execute();
}

const ACTIVE = new Set(['enrolled', 'conditional_promotion']);

/**
 * Applies one line of an order being signed. Every row it opens carries the movement's id and every
 * row it ends keeps its former end in movement_effects, so cancelling the order restores the state
 * exactly. The database's exclusion constraints have the last word on overlaps.
 */
export async function applyMovement(tx: Tx, m: MovementRow, organizationId: string, userId: string) {
  if (m.kind === 'enrollment' || m.kind === 'reinstatement') {
    await createEnrollment(tx, m, organizationId, userId);
    return;
  }
  const enrollmentId = m.enrollment_id!;
  // Row lock: two orders changing one enrollment at once are applied one after the other.
  const e = await sql<{ level: string | null }>`
    SELECT level FROM enrollments WHERE id = ${enrollmentId} FOR UPDATE`.execute(tx);
  const level = e.rows[0]?.level ?? null;
  const current = await openPeriod(tx, enrollmentId);
  if (!current || current.status === 'exited') throw notAllowed(m.position, 'Обучающийся уже выбыл');
  switch (m.kind) {
    case 'internal_transfer':
    case 'promotion': {
      if (!ACTIVE.has(current.status))
        throw notAllowed(m.position, 'Перевод невозможен: обучающийся в академическом отпуске');
      await changeEnrollment(tx, m, enrollmentId);
      if (m.unit_id) await place(tx, m, enrollmentId, m.unit_id);
      if (m.kind === 'promotion') {
        const next = m.promotion_type === 'conditional' ? 'conditional_promotion' : 'enrolled';
        if (next !== current.status) await changeStatus(tx, m, enrollmentId, current, next);
      }
      return;
    }
    case 'academic_leave':
      if (level !== 'spo') throw notAllowed(m.position, 'Академический отпуск предоставляется в СПО');
      if (!ACTIVE.has(current.status))
        throw notAllowed(m.position, 'Обучающийся уже в академическом отпуске');
      await changeStatus(tx, m, enrollmentId, current, 'academic_leave');
      return;
    case 'return':
      if (current.status !== 'academic_leave')
        throw notAllowed(m.position, 'Обучающийся не находится в академическом отпуске');
      await changeStatus(tx, m, enrollmentId, current, 'enrolled');
      return;
    case 'exit':
    case 'transfer_out':
    case 'graduation': {
      const open = await openPlacement(tx, enrollmentId);
      if (open) await closeRow(tx, m, 'placement', open, m.effective_on);
      await changeStatus(tx, m, enrollmentId, current, 'exited');
      return;
    }
  }
}
