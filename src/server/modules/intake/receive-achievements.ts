import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { type AchievementItem, achievementItemSchema } from './intake.schemas.ts';
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

type Checked = { index: number; item: AchievementItem };
type Row = Checked & { personId: string; organizationId: string };

/**
 * Items dated before their learner was born. The learner is found as the match finds it (by id, a
 * merged-away record by its survivor, or by СНИЛС); an item whose learner is not found passes on, and
 * the match gives its reason.
 */
async function beforeBirth(tx: Tx, items: Checked[], rejects: Reject[]) {
  if (items.length === 0) return items;
  const input = items.map(({ index, item }) => ({
    idx: index,
    person_id: item.personId ?? null,
    snils: item.snils ?? null,
    date: item.date,
  }));
  const r = await sql<{ idx: number }>`
    SELECT i.idx FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS i(idx int, person_id uuid, snils text, date date)
      LEFT JOIN persons byid ON byid.id = i.person_id
      LEFT JOIN persons surv ON surv.id = byid.merged_into_id AND byid.status = 'merged'
      LEFT JOIN persons bys ON i.person_id IS NULL AND bys.snils = i.snils AND bys.status = 'active'
     WHERE i.date < coalesce(surv.birth_date, byid.birth_date, bys.birth_date)`.execute(tx);
  const bad = new Set(r.rows.map((x) => x.idx));
  return items.filter(({ index, item }) => {
    if (!bad.has(index)) return true;
    rejects.push(reject(index, item.sourceId, 'before_birth'));
    return false;
  });
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
      JOIN learner_achievements a ON a.source_system = x.source_system AND a.source_id = x.source_id
     WHERE a.person_id <> x.person_id OR a.organization_id <> x.organization_id`.execute(tx);
  const bad = new Set(r.rows.map((x) => x.idx));
  return rows.filter((row) => {
    if (!bad.has(row.index)) return true;
    rejects.push(reject(row.index, row.item.sourceId, 'source_id_reassigned'));
    return false;
  });
}

/** The accepted rows in one statement; a resend with equal values leaves the row as it is. */
async function upsert(tx: Tx, batchId: string, rows: Row[]) {
  const input = rows.map(({ item, personId, organizationId }) => ({
    organization_id: organizationId,
    person_id: personId,
    title: item.title,
    level: item.level,
    kind: item.kind,
    achieved_on: item.date,
    result: item.result,
    place: item.place ?? null,
    score: item.score ?? null,
    subject: item.subject ?? null,
    source_system: item.sourceSystem,
    source_id: item.sourceId,
  }));
  const r = await sql<{ source_system: string; source_id: string; inserted: boolean }>`
    INSERT INTO learner_achievements AS a (organization_id, person_id, title, level, kind, achieved_on, result, place,
                                           score, subject, source_system, source_id, batch_id)
    SELECT x.organization_id, x.person_id, x.title, x.level, x.kind, x.achieved_on, x.result, x.place, x.score,
           x.subject, x.source_system, x.source_id, ${batchId}::uuid
      FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(organization_id uuid, person_id uuid, title text,
             level text, kind text, achieved_on date, result text, place smallint, score numeric, subject text,
             source_system text, source_id text)
     ORDER BY x.source_system, x.source_id
    ON CONFLICT (source_system, source_id) DO UPDATE SET
      title = EXCLUDED.title, level = EXCLUDED.level, kind = EXCLUDED.kind, achieved_on = EXCLUDED.achieved_on,
      result = EXCLUDED.result, place = EXCLUDED.place, score = EXCLUDED.score, subject = EXCLUDED.subject,
      version = a.version + 1, batch_id = EXCLUDED.batch_id, received_at = now()
     WHERE a.organization_id = EXCLUDED.organization_id AND a.person_id = EXCLUDED.person_id
       AND (a.title, a.level, a.kind, a.achieved_on, a.result, a.place, a.score, a.subject)
           IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.achieved_on, EXCLUDED.result,
                             EXCLUDED.place, EXCLUDED.score, EXCLUDED.subject)
    RETURNING a.source_system, a.source_id, a.version = 1 AS inserted`.execute(tx);
  const changed = new Map(r.rows.map((x) => [`${x.source_system}\u0000${x.source_id}`, x.inserted]));
  const outcomes = new Map<number, 'inserted' | 'updated' | 'unchanged'>();
  for (const row of rows) {
    const c = changed.get(`${row.item.sourceSystem}\u0000${row.item.sourceId}`);
    outcomes.set(row.index, c === undefined ? 'unchanged' : c ? 'inserted' : 'updated');
  }
  return outcomes;
}

/**
 * POST /intake/achievements: portfolio achievements, checked and applied as results are. The learner
 * must be held by one of the token's organizations on the event's date: that organization is the
 * achievement's, and the one whose staff and territory see it.
 */
export async function receiveAchievements(ctx: Ctx, items: unknown[]) {
  checkBatchSize(ctx, items.length);
  const rejects: Reject[] = [];
  const parsed = parseItems(achievementItemSchema, items, rejects);
  const { today } = dateWindow(ctx);
  const isDuplicate = duplicateKeys(parsed);
  const checked: Checked[] = [];
  for (const { index, item } of parsed) {
    if (isDuplicate(item)) rejects.push(reject(index, item.sourceId, 'duplicate_in_batch'));
    else if (item.date > today) rejects.push(reject(index, item.sourceId, 'future_date'));
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
    const born = await beforeBirth(tx, checked, txRejects);
    const matched = await matchLearners(
      tx,
      scope,
      born.map(({ index, item }) => ({ index, ...item })),
      txRejects,
    );
    const byIndex = new Map(born.map((c) => [c.index, c.item]));
    let rows: Row[] = matched.map((m) => {
      const item = byIndex.get(m.index)!;
      itemOrg.set(m.index, { sourceSystem: item.sourceSystem, organizationId: m.organizationId });
      return { index: m.index, item, personId: m.personId, organizationId: m.organizationId };
    });
    if (rows.length > 0) rows = await reassigned(tx, rows, txRejects);
    const outcomes = rows.length > 0 ? await upsert(tx, batchId, rows) : new Map();
    return finishBatch(tx, ctx, {
      kind: 'achievements',
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
