import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { JobResult, JobState } from './job-types.ts';

/** A row of background_jobs, the user-visible record of a job (pg-boss keeps the delivery state). */
export type JobRow = {
  id: string;
  kind: string;
  state: JobState;
  owner_id: string | null;
  scope_node_id: string | null;
  params: Record<string, unknown>;
  progress_done: number;
  progress_total: number | null;
  attempts: number;
  result: JobResult | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
  cancelled_by: string | null;
};

export type NewJob = {
  id: string;
  kind: string;
  ownerId: string | null;
  scopeNodeId: string | null;
  params: unknown;
};

export async function insertJob(db: Kysely<DB>, job: NewJob, state: JobState = 'queued'): Promise<void> {
  await sql`INSERT INTO background_jobs (id, kind, state, owner_id, scope_node_id, params)
            VALUES (${job.id}, ${job.kind}, ${state}, ${job.ownerId}, ${job.scopeNodeId},
                    ${JSON.stringify(job.params ?? {})}::jsonb)`.execute(db);
}

export async function setParams(db: Kysely<DB>, id: string, params: unknown): Promise<void> {
  await sql`UPDATE background_jobs SET params = ${JSON.stringify(params ?? {})}::jsonb WHERE id = ${id}`.execute(
    db,
  );
}

export async function findJob(db: Kysely<DB>, id: string): Promise<JobRow | null> {
  const r = await sql<JobRow>`SELECT * FROM background_jobs WHERE id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

/** An attempt starts: the first one sets started_at. A job already final is left alone (false). */
export async function markRunning(db: Kysely<DB>, id: string, attempt: number): Promise<boolean> {
  const r = await sql`UPDATE background_jobs
                         SET state = 'running', attempts = ${attempt}, started_at = coalesce(started_at, now())
                       WHERE id = ${id} AND state NOT IN ('completed', 'failed', 'cancelled')`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function setProgress(db: Kysely<DB>, id: string, done: number, total: number): Promise<void> {
  await sql`UPDATE background_jobs SET progress_done = ${done}, progress_total = ${total}
             WHERE id = ${id} AND state = 'running'`.execute(db);
}

/** A failed attempt that will be retried: the error stays visible until the next attempt succeeds. */
export async function markRetrying(db: Kysely<DB>, id: string, error: string): Promise<void> {
  await sql`UPDATE background_jobs SET state = 'retrying', error = ${error}
             WHERE id = ${id} AND state NOT IN ('completed', 'failed', 'cancelled')`.execute(db);
}

/**
 * Moves a job to a final state once: false when it already was final, so that a second finisher (a
 * retried attempt racing a stale one, a reconciliation) does nothing.
 */
export async function finishJob(
  db: Kysely<DB>,
  id: string,
  state: 'completed' | 'failed' | 'cancelled',
  outcome: { result?: JobResult | null; error?: string | null },
): Promise<boolean> {
  const r = await sql`UPDATE background_jobs
                         SET state = ${state}, finished_at = now(),
                             result = ${outcome.result ? JSON.stringify(outcome.result) : null}::jsonb,
                             error = ${outcome.error ?? null},
                             progress_done = CASE WHEN ${state} = 'completed'
                                                  THEN coalesce(progress_total, progress_done)
                                                  ELSE progress_done END
                       WHERE id = ${id} AND state NOT IN ('completed', 'failed', 'cancelled')`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function cancelRequested(db: Kysely<DB>, id: string): Promise<boolean> {
  const r = await sql<{ requested: boolean }>`
    SELECT cancel_requested_at IS NOT NULL AS requested FROM background_jobs WHERE id = ${id}`.execute(db);
  return r.rows[0]?.requested ?? false;
}

/**
 * Jobs whose delivery ended without their attempt recording it: a server killed during the last allowed
 * attempt (pg-boss fails it when its heartbeat stops), a job cancelled before it started, or one whose
 * pg-boss record is gone. Returned with the state pg-boss gave them.
 */
export async function orphanedJobs(db: Kysely<DB>): Promise<(JobRow & { delivery: string | null })[]> {
  const r = await sql<JobRow & { delivery: string | null }>`
    SELECT b.*, j.state::text AS delivery
      FROM background_jobs b
      LEFT JOIN pgboss.job j ON j.id = b.id AND j.name = b.kind
     WHERE b.state NOT IN ('completed', 'failed', 'cancelled')
       AND (j.id IS NULL OR j.state IN ('completed', 'failed', 'cancelled'))
       AND b.created_at < now() - interval '5 seconds'`.execute(db);
  return r.rows;
}
