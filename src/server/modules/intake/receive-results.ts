import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { type ResultItem, resultItemSchema } from './intake.schemas.ts';
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

/** Grades each scale admits; pass/fail is «зачтено» / «не зачтено». */
const GRADES: Record<ResultItem['scale'], (g: string) => boolean> = {
  five_point: (g) => /^[1-5]$/.test(g),
  ten_point: (g) => /^([1-9]|10)$/.test(g),
  hundred_point: (g) => /^(\d{1,2}|100)$/.test(g),
  pass_fail: (g) => g === 'pass' || g === 'fail',
};

type Row = { index: number; item: ResultItem; personId: string; organizationId: string };

async function upsert(tx: Tx, batchId: string, rows: Row[]) {
  const input = rows.map(({ item, personId, organizationId }) => ({
    organization_id: organizationId,
    person_id: personId,
    academic_year: item.academicYear,
    kind: item.kind,
    period_type: item.periodType ?? null,
    period_number: item.periodNumber ?? null,
    subject: item.subject,
    scale: item.scale,
    grade: item.grade,
    graded_on: item.gradedOn,
    source_system: item.sourceSystem,
    source_id: item.sourceId,
  }));
  const r = await sql<{ source_system: string; source_id: string; inserted: boolean }>`
    INSERT INTO learner_results AS a (organization_id, person_id, academic_year, kind, period_type, period_number,
                                      subject, scale, grade, graded_on, source_system, source_id, batch_id)
    SELECT x.organization_id, x.person_id, x.academic_year, x.kind, x.period_type, x.period_number, x.subject,
           x.scale, x.grade, x.graded_on, x.source_system, x.source_id, ${batchId}::uuid
      FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(organization_id uuid, person_id uuid,
             academic_year text, kind text, period_type text, period_number smallint, subject text, scale text,
             grade text, graded_on date, source_system text, source_id text)
     ORDER BY x.source_system, x.source_id
    ON CONFLICT (source_system, source_id) DO UPDATE SET
      academic_year = EXCLUDED.academic_year, kind = EXCLUDED.kind, period_type = EXCLUDED.period_type,
      period_number = EXCLUDED.period_number, subject = EXCLUDED.subject, scale = EXCLUDED.scale,
      grade = EXCLUDED.grade, graded_on = EXCLUDED.graded_on, version = a.version + 1,
      batch_id = EXCLUDED.batch_id, received_at = now()
     WHERE a.organization_id = EXCLUDED.organization_id AND a.person_id = EXCLUDED.person_id
       AND (a.academic_year, a.kind, a.period_type, a.period_number, a.subject, a.scale, a.grade, a.graded_on)
           IS DISTINCT FROM (EXCLUDED.academic_year, EXCLUDED.kind, EXCLUDED.period_type, EXCLUDED.period_number,
                             EXCLUDED.subject, EXCLUDED.scale, EXCLUDED.grade, EXCLUDED.graded_on)
    RETURNING a.source_system, a.source_id, a.version = 1 AS inserted`.execute(tx);
  const changed = new Map(r.rows.map((x) => [`${x.source_system}\u0000${x.source_id}`, x.inserted]));
  const outcomes = new Map<number, 'inserted' | 'updated' | 'unchanged'>();
  for (const row of rows) {
    const c = changed.get(`${row.item.sourceSystem}\u0000${row.item.sourceId}`);
    outcomes.set(row.index, c === undefined ? 'unchanged' : c ? 'inserted' : 'updated');
  }
  return outcomes;
}

/** Source keys already held by another learner or organization. */
async function reassigned(tx: Tx, rows: Row[], rejects: Reject[]) {
  const input = rows.map((r) => ({
    idx: r.index,
    organization_id: r.organizationId,
    person_id: r.personId,
    source_system: r.item.sourceSystem,
    source_id: r.item.sourceId,
  }));
  const r = await sql<{ idx: number }>`
    SELECT x.idx FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
             AS x(idx int, organization_id uuid, person_id uuid, source_system text, source_id text)
      JOIN learner_results a ON a.source_system = x.source_system AND a.source_id = x.source_id
     WHERE a.person_id <> x.person_id OR a.organization_id <> x.organization_id`.execute(tx);
  const bad = new Set(r.rows.map((x) => x.idx));
  return rows.filter((row) => {
    if (!bad.has(row.index)) return true;
    rejects.push(reject(row.index, row.item.sourceId, 'source_id_reassigned'));
    return false;
  });
}

/** POST /intake/results: period, annual and final grades, checked and applied as attendance is. */
export async function receiveResults(ctx: Ctx, items: unknown[]) {
  checkBatchSize(ctx, items.length);
  const rejects: Reject[] = [];
  const parsed = parseItems(resultItemSchema, items, rejects);
  const { today } = dateWindow(ctx);
  const isDuplicate = duplicateKeys(parsed);
  const checked: { index: number; item: ResultItem }[] = [];
  for (const { index, item } of parsed) {
    const no = (code: string, message?: string) => rejects.push(reject(index, item.sourceId, code, message));
    const [from, to] = item.academicYear.split('/').map(Number) as [number, number];
    if (isDuplicate(item)) no('duplicate_in_batch');
    else if (item.gradedOn > today) no('future_date');
    else if (to !== from + 1) no('invalid_year', 'Учебный год должен охватывать два соседних года');
    else if ((item.kind === 'period') !== (item.periodType !== undefined && item.periodNumber !== undefined))
      no('invalid_period', 'Номер и вид периода указываются для отметки за период, и только для нее');
    else if (item.kind !== 'period' && (item.periodType !== undefined || item.periodNumber !== undefined))
      no('invalid_period', 'Номер и вид периода указываются для отметки за период, и только для нее');
    else if (!GRADES[item.scale](item.grade)) no('invalid_grade');
    else checked.push({ index, item });
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
      checked.map(({ index, item }) => ({ index, ...item, date: item.gradedOn })),
      txRejects,
    );
    const byIndex = new Map(checked.map((c) => [c.index, c.item]));
    let rows: Row[] = matched.map((m) => {
      const item = byIndex.get(m.index)!;
      itemOrg.set(m.index, { sourceSystem: item.sourceSystem, organizationId: m.organizationId });
      return { index: m.index, item, personId: m.personId, organizationId: m.organizationId };
    });
    if (rows.length > 0) rows = await reassigned(tx, rows, txRejects);
    const outcomes = rows.length > 0 ? await upsert(tx, batchId, rows) : new Map();
    return finishBatch(tx, ctx, {
      kind: 'results',
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
