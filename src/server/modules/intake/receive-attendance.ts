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

type Row = FoldedDay & {
  index: number;
  item: AttendanceItem;
  personId: string;
  organizationId: string;
};

/** Months of the rows whose partitions exist (created now if the job has not yet); others are refused. */
async function ensureMonths(tx: Tx, rows: Row[], rejects: Reject[]) {
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
 * Rows already stored that an item may not touch: its source key held by another learner or
 * organization, or its learner's day held by another source record (the day counts once).
 */
async function storedConflicts(tx: Tx, rows: Row[], rejects: Reject[]) {
  const input = rows.map((r) => ({
    idx: r.index,
    organization_id: r.organizationId,
    person_id: r.personId,
    date: r.item.date,
    source_system: r.item.sourceSystem,
    source_id: r.item.sourceId,
  }));
  // The batch's date range, spelled out, lets the planner keep only its months' partitions.
  const dates = rows.map((r) => r.item.date).sort();
  const [first, last] = [dates[0]!, dates.at(-1)!];
  const r = await sql<{ idx: number; reassigned: boolean }>`
    WITH x AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
        AS x(idx int, organization_id uuid, person_id uuid, date date, source_system text, source_id text)
    )
    SELECT x.idx, true AS reassigned
      FROM x JOIN attendance_days a
        ON a.source_system = x.source_system AND a.source_id = x.source_id AND a.date = x.date
     WHERE a.date BETWEEN ${first}::date AND ${last}::date
       AND (a.person_id <> x.person_id OR a.organization_id <> x.organization_id)
    UNION ALL
    SELECT x.idx, false
      FROM x JOIN attendance_days a
        ON a.person_id = x.person_id AND a.date = x.date AND a.organization_id = x.organization_id
     WHERE a.date BETWEEN ${first}::date AND ${last}::date
       AND (a.source_system, a.source_id) <> (x.source_system, x.source_id)`.execute(tx);
  if (r.rows.length === 0) return rows;
  const bad = new Map<number, boolean>();
  for (const c of r.rows) bad.set(c.idx, (bad.get(c.idx) ?? false) || c.reassigned);
  return rows.filter((row) => {
    if (!bad.has(row.index)) return true;
    const code = bad.get(row.index) ? 'source_id_reassigned' : 'day_already_recorded';
    rejects.push(reject(row.index, row.item.sourceId, code));
    return false;
  });
}

/** The accepted rows in one statement; a resend with equal values leaves the row as it is. */
async function upsert(tx: Tx, batchId: string, rows: Row[]) {
  const input = rows.map((r) => ({
    organization_id: r.organizationId,
    person_id: r.personId,
    date: r.item.date,
    status: r.status,
    reason: r.reason,
    lessons_scheduled: r.lessonsScheduled,
    lessons_missed: r.lessonsMissed,
    lessons_unexcused: r.lessonsUnexcused,
    lessons: r.lessons,
    source_system: r.item.sourceSystem,
    source_id: r.item.sourceId,
  }));
  const r = await sql<{ source_system: string; source_id: string; date: string; inserted: boolean }>`
    INSERT INTO attendance_days AS a (organization_id, person_id, date, status, reason, lessons_scheduled,
                                      lessons_missed, lessons_unexcused, lessons, source_system, source_id, batch_id)
    SELECT x.organization_id, x.person_id, x.date, x.status, x.reason, x.lessons_scheduled, x.lessons_missed,
           x.lessons_unexcused, x.lessons, x.source_system, x.source_id, ${batchId}::uuid
      FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(organization_id uuid, person_id uuid, date date,
             status text, reason text, lessons_scheduled smallint, lessons_missed smallint,
             lessons_unexcused smallint, lessons jsonb, source_system text, source_id text)
     ORDER BY x.source_system, x.source_id, x.date
    ON CONFLICT (source_system, source_id, date) DO UPDATE SET
      status = EXCLUDED.status, reason = EXCLUDED.reason, lessons_scheduled = EXCLUDED.lessons_scheduled,
      lessons_missed = EXCLUDED.lessons_missed, lessons_unexcused = EXCLUDED.lessons_unexcused,
      lessons = EXCLUDED.lessons, version = a.version + 1, batch_id = EXCLUDED.batch_id, received_at = now()
     WHERE a.organization_id = EXCLUDED.organization_id AND a.person_id = EXCLUDED.person_id
       AND (a.status, a.reason, a.lessons_scheduled, a.lessons_missed, a.lessons_unexcused, a.lessons)
           IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.reason, EXCLUDED.lessons_scheduled, EXCLUDED.lessons_missed,
                             EXCLUDED.lessons_unexcused, EXCLUDED.lessons)
    RETURNING a.source_system, a.source_id, a.date::text AS date, a.version = 1 AS inserted`.execute(tx);
  const key = (s: string, id: string, d: string) => `${s}\u0000${id}\u0000${d}`;
  const changed = new Map(r.rows.map((x) => [key(x.source_system, x.source_id, x.date), x.inserted]));
  const outcomes = new Map<number, 'inserted' | 'updated' | 'unchanged'>();
  for (const row of rows) {
    const c = changed.get(key(row.item.sourceSystem, row.item.sourceId, row.item.date));
    outcomes.set(row.index, c === undefined ? 'unchanged' : c ? 'inserted' : 'updated');
  }
  return outcomes;
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
    let rows: Row[] = [];
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
    if (rows.length > 0) rows = await storedConflicts(tx, rows, txRejects);
    const outcomes = rows.length > 0 ? await upsert(tx, batchId, rows) : new Map();
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
