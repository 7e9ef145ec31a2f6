import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { detectAfterAttendance } from '../out-of-education/detect-cases.ts';
import { type FoldedDay, foldDay } from './fold-day.ts';
import { type AttendanceItem, attendanceItemSchema, quickAttendanceItem } from './intake.schemas.ts';
import {
  appliedOf,
  checkBatchSize,
  dateWindow,
  duplicateKeys,
  finishBatch,
  lockScope,
  parseItems,
  type Reject,
  reject,
} from './intake-batch.ts';
import { matchLearners } from './match-learners.ts';
import { type DayRow, writeDays } from './write-attendance.ts';

/** Months of the rows whose partitions exist (created now if the job has not yet); others are refused. */
async function ensureMonths(tx: Tx, rows: DayRow[], rejects: Reject[]) {
  const months = [...new Set(rows.map((r) => `${r.item.date.slice(0, 7)}-01`))].sort();
  const r = await sql<{ missing: string[] }>`
    SELECT attendance_ensure_partitions(${months}::date[])::text[] AS missing`.execute(tx);
  const missing = new Set(r.rows[0]?.missing ?? []);
  if (missing.size === 0) return rows;
  return rows.filter((row) => {
    if (!missing.has(`${row.item.date.slice(0, 7)}-01`)) return true;
    rejects.push(reject(row.index, row.item.sourceId, 'month_unavailable'));
    return false;
  });
}

/**
 * POST /intake/attendance: checks every item (shape, dates, duplicates in the batch, the learner held
 * by the token's organizations on the day, rows already stored) with set-based queries, then applies
 * the accepted ones in the same transaction: a batch is in whole or not at all.
 */
export async function receiveAttendance(ctx: Ctx, items: unknown[]) {
  checkBatchSize(ctx, items.length);
  const rejects: Reject[] = [];
  const parsed = parseItems(attendanceItemSchema, items, rejects, quickAttendanceItem);
  const { today, oldest } = dateWindow(ctx);
  const isDuplicate = duplicateKeys(parsed);
  const folded: { index: number; item: AttendanceItem; day: FoldedDay }[] = [];
  for (const { index, item } of parsed) {
    const no = (code: string, message?: string) => rejects.push(reject(index, item.sourceId, code, message));
    if (isDuplicate(item)) no('duplicate_in_batch');
    else if (item.date > today) no('future_date');
    else if (item.date < oldest) no('too_old');
    else {
      const day = foldDay(item);
      if ('code' in day) no(day.code, day.message);
      else folded.push({ index, item, day });
    }
  }
  const itemOrg = new Map(
    parsed.map(({ index, item }) => [
      index,
      { sourceSystem: item.sourceSystem, organizationId: item.organizationId ?? null },
    ]),
  );
  const batchId = randomUUID();
  return withTransaction(ctx.db, async (tx) => {
    const scope = await lockScope(tx, ctx);
    const txRejects = [...rejects];
    const matched = await matchLearners(
      tx,
      scope,
      folded.map(({ index, item }) => ({ index, ...item })),
      txRejects,
    );
    const byIndex = new Map(folded.map((f) => [f.index, f]));
    let rows: DayRow[] = [];
    const days = new Map<string, number>();
    for (const m of matched) {
      const f = byIndex.get(m.index)!;
      itemOrg.set(m.index, { sourceSystem: f.item.sourceSystem, organizationId: m.organizationId });
      if (m.organizationKind === 'preschool' && (f.item.lessonAbsences?.length || f.item.lessonsScheduled)) {
        txRejects.push(reject(m.index, f.item.sourceId, 'lessons_in_kindergarten'));
        continue;
      }
      const dayKey = `${m.personId}/${m.organizationId}/${f.item.date}`;
      days.set(dayKey, (days.get(dayKey) ?? 0) + 1);
      rows.push({
        ...f.day,
        index: m.index,
        item: f.item,
        personId: m.personId,
        organizationId: m.organizationId,
      });
    }
    rows = rows.filter((r) => {
      if ((days.get(`${r.personId}/${r.organizationId}/${r.item.date}`) ?? 0) === 1) return true;
      txRejects.push(reject(r.index, r.item.sourceId, 'duplicate_day_in_batch'));
      return false;
    });
    if (rows.length > 0) rows = await ensureMonths(tx, rows, txRejects);
    const written = rows.length > 0 ? await writeDays(tx, batchId, rows, txRejects) : null;
    rows = written?.applied ?? [];
    const outcomes = written?.outcomes ?? new Map();
    // The attendance rules of out-of-education for this batch's learners, in the same transaction.
    await detectAfterAttendance(
      tx,
      ctx.config,
      rows.map((r) => r.personId),
      rows.filter((r) => r.status === 'absent' && r.reason === 'unexcused').map((r) => r.personId),
    );
    return finishBatch(tx, ctx, {
      kind: 'attendance',
      batchId,
      scope,
      received: items.length,
      applied: appliedOf(rows),
      outcomes,
      rejects: txRejects,
      itemOrg,
    });
  });
}
