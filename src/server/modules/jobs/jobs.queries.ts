import { type Kysely, sql } from 'kysely';
import type { Actor, Grant } from '../../platform/access/actor.ts';
import { grantsFor } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { invalidField } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { JobRow } from '../../platform/jobs/job-store.ts';
import { FINAL_STATES, type JobState } from '../../platform/jobs/job-types.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { JobActions as A } from './jobs.policy.ts';

type ViewRow = JobRow & { owner_name: string | null; created_key: string };

/**
 * Jobs the actor may see: the ones they started, and those of the territory or organization below one of
 * their grants for the action; a job of the whole region (no scope node) belongs to the region's grants.
 */
export function visibleJobs(actor: Actor, action: string) {
  const grants: Grant[] = grantsFor(actor, action);
  const nodes = grants.map((g) => g.scopeNodeId).filter((id): id is string => id !== null);
  const regional = grants.some((g) => g.role === 'regional_operator');
  return sql`(j.owner_id = ${actor.userId}
    OR (j.scope_node_id IS NULL AND ${regional})
    OR EXISTS (SELECT 1 FROM scope_closure c
                WHERE c.descendant_id = j.scope_node_id
                  AND c.ancestor_id = ANY(${nodes}::uuid[])))`;
}

export function jobView(jobs: JobQueue, actor: Actor, r: ViewRow) {
  const def = jobs.definition(r.kind);
  const final = (FINAL_STATES as readonly string[]).includes(r.state);
  return {
    id: r.id,
    kind: r.kind,
    title: def?.title ?? r.kind,
    state: r.state as JobState,
    progress: { done: r.progress_done, total: r.progress_total },
    owner: r.owner_id ? { id: r.owner_id, fullName: r.owner_name ?? '' } : null,
    attempts: r.attempts,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    result: r.result,
    summary: r.result && def && r.state === 'completed' ? def.summarize(r.result) : null,
    error: r.state === 'completed' || r.state === 'cancelled' ? null : r.error,
    cancelRequested: r.cancel_requested_at !== null,
    canCancel: !final && r.cancel_requested_at === null && grantsFor(actor, A['job.cancel']).length > 0,
  };
}
export type JobView = ReturnType<typeof jobView>;

// created_key keeps the microseconds that a JS Date would drop, so the cursor never skips a row.
const selectJobs = sql`SELECT j.*, u.full_name AS owner_name, j.created_at::text AS created_key
                         FROM background_jobs j LEFT JOIN users u ON u.id = j.owner_id`;

/** One job if the actor may see it (for the action), locked for update when asked. */
export async function findVisibleJob(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  action: string = A['job.read'],
): Promise<ViewRow | null> {
  const r = await sql<ViewRow>`${selectJobs}
    WHERE j.id = ${id} AND ${visibleJobs(actor, action)}`.execute(db);
  return r.rows[0] ?? null;
}

/** The newest jobs first; a cursor continues after the last one shown. */
export async function listJobs(
  ctx: Ctx,
  q: { state?: JobState | undefined; kind?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const actor = ctx.actor!;
  let after = sql`true`;
  if (q.cursor) {
    const c = decodeCursor(q.cursor, 2);
    if (!c || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d(:\d\d)?$/.test(c[0]!)) {
      throw invalidField('query.cursor', 'Некорректный курсор страницы');
    }
    after = sql`(j.created_at, j.id) < (${c[0]}::timestamptz, ${c[1]}::uuid)`;
  }
  const r = await sql<ViewRow>`${selectJobs}
    WHERE ${visibleJobs(actor, A['job.read'])}
      AND ${q.state ? sql`j.state = ${q.state}` : sql`true`}
      AND ${q.kind ? sql`j.kind = ${q.kind}` : sql`true`}
      AND ${after}
    ORDER BY j.created_at DESC, j.id DESC
    LIMIT ${q.limit + 1}`.execute(ctx.db);
  const rows = r.rows.slice(0, q.limit);
  const last = rows.at(-1);
  return {
    items: rows.map((row) => jobView(ctx.jobs, actor, row)),
    nextCursor: r.rows.length > q.limit && last ? encodeCursor([last.created_key, last.id]) : null,
  };
}
