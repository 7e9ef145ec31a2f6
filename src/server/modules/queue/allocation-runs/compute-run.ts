import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { withTransaction } from '../../../platform/db/tx.ts';
import {
  type AllocationResult,
  allocate,
  canonicalJson,
  resultJson,
  sha256,
} from '../allocation/allocate.ts';
import { allocationSnapshotSchema, crossCheckSnapshot } from '../allocation/snapshot.ts';
import { buildSnapshot } from './build-snapshot.ts';

export type RunHooks = {
  progress?: (done: number, total: number) => Promise<void>;
  checkpoint?: () => Promise<void>;
};

type OutcomeRow = { id: string; outcome: string; kg: string | null; grp: string | null; rejected: unknown };

/** Each application's outcome, an offer winning over its unplaced line; its explanation beside it. */
export function outcomeRows(result: AllocationResult): OutcomeRow[] {
  const rows = new Map<string, OutcomeRow>();
  for (const u of result.unplaced)
    rows.set(u.applicationId, { id: u.applicationId, outcome: u.reason, kg: null, grp: null, rejected: [] });
  for (const [list, outcome] of [
    [result.placements, 'placed'],
    [result.offers, 'offered'],
  ] as const) {
    for (const p of list)
      rows.set(p.applicationId, {
        id: p.applicationId,
        outcome,
        kg: p.kindergartenId,
        grp: p.groupId,
        rejected: [],
      });
  }
  for (const e of result.explanations) {
    const row = rows.get(e.applicationId);
    if (row) row.rejected = e.rejected;
  }
  return [...rows.values()];
}

/**
 * Computes a run: the snapshot read in one consistent view, the pure allocation over its canonical
 * bytes, and the documents and outcomes written in one transaction that turns the run into a draft. A
 * retry after a crash starts over; a run no longer running is left as it is.
 */
export async function computeRun(
  db: Kysely<DB>,
  runId: string,
  hooks: RunHooks = {},
): Promise<Record<string, string | number | boolean>> {
  const steps = 4;
  const run = await db.selectFrom('allocation_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (run?.status !== 'running') return { runId, skipped: 'Комплектование не ожидает расчета' };
  await hooks.progress?.(0, steps);
  // Phase durations go into the job's result: where a slow run spent its time, without a profiler.
  const ms: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    ms[phase] = Math.round(now - mark);
    mark = now;
  };
  // The instant the snapshot saw the queue: an approval refuses applications changed after it.
  const { snapshot, applicationIds, takenAt } = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const at = await sql<{ now: Date }>`SELECT now()`.execute(tx);
      return { ...(await buildSnapshot(tx, run)), takenAt: at.rows[0]!.now };
    });
  lap('snapshotMs');
  await hooks.progress?.(1, steps);
  await hooks.checkpoint?.();
  // Validated and allocated from the exported bytes, exactly as `npm run allocate` reads them back.
  const snapshotText = canonicalJson(snapshot);
  const parsed = allocationSnapshotSchema.safeParse(JSON.parse(snapshotText));
  const issues = parsed.success
    ? crossCheckSnapshot(parsed.data)
    : parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
  if (!parsed.success || issues.length > 0) {
    const first = issues[0]!;
    await failRun(
      db,
      runId,
      `Данные для расчета не прошли проверку: ${first.path.join('.')}: ${first.message}`,
    );
    return { runId, failed: true };
  }
  lap('checkMs');
  const result = allocate(parsed.data, sha256(snapshotText));
  const text = resultJson(result);
  lap('allocateMs');
  await hooks.progress?.(2, steps);
  await hooks.checkpoint?.();
  await withTransaction(db, async (tx) => {
    const locked = await sql<{ status: string }>`
      SELECT status FROM allocation_runs WHERE id = ${runId} FOR UPDATE`.execute(tx);
    if (locked.rows[0]?.status !== 'running') return;
    await sql`DELETE FROM allocation_outcomes WHERE run_id = ${runId}`.execute(tx);
    // Column arrays, not one JSON document: parsing 100,000 records out of jsonb cost seconds.
    const rows = outcomeRows(result);
    await sql`
      INSERT INTO allocation_outcomes (run_id, application_id, outcome, organization_id, unit_id, rejected)
      SELECT ${runId}, x.id, x.outcome, x.kg, x.grp, x.rejected
        FROM unnest(${rows.map((r) => applicationIds.get(r.id))}::uuid[], ${rows.map((r) => r.outcome)}::text[],
                    ${rows.map((r) => r.kg)}::uuid[], ${rows.map((r) => r.grp)}::uuid[],
                    ${rows.map((r) => JSON.stringify(r.rejected))}::jsonb[])
             AS x(id, outcome, kg, grp, rejected)`.execute(tx);
    await sql`
      UPDATE allocation_run_groups g SET admitted = x.admitted, cutoff = x.cutoff
        FROM jsonb_to_recordset(${JSON.stringify(result.cutoffs)}::jsonb)
             AS x("groupId" uuid, admitted int, cutoff jsonb)
       WHERE g.run_id = ${runId} AND g.unit_id = x."groupId"`.execute(tx);
    lap('outcomesMs');
    await hooks.progress?.(3, steps);
    await sql`
      INSERT INTO allocation_run_documents (run_id, snapshot, result) VALUES (${runId}, ${snapshotText}, ${text})
      ON CONFLICT (run_id) DO UPDATE SET snapshot = excluded.snapshot, result = excluded.result`.execute(tx);
    await sql`
      UPDATE allocation_runs SET status = 'draft', input_sha256 = ${result.inputSha256},
             stats = ${JSON.stringify(result.stats)}::jsonb, computed_at = ${takenAt}, version = version + 1
       WHERE id = ${runId}`.execute(tx);
  });
  lap('documentsMs');
  await hooks.progress?.(steps, steps);
  return { runId, ...result.stats, ...ms };
}

export async function failRun(db: Kysely<DB>, runId: string, failure: string) {
  await sql`
    UPDATE allocation_runs SET status = 'failed', failure = ${failure.slice(0, 1000)}, version = version + 1
     WHERE id = ${runId} AND status = 'running'`.execute(db);
}
