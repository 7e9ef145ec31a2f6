import { sql } from 'kysely';
import { grantsFor } from '../../platform/access/policy.ts';
import { grantCovering } from '../../platform/access/scope.ts';
import { loadActor } from '../../platform/auth/actor-loader.ts';
import type { Ctx } from '../../platform/context.ts';
import { defineJob, type JobContext, type JobResult } from '../../platform/jobs/job-types.ts';
import { ContingentImportActions } from './contingent-import.policy.ts';
import { processChunk } from './process-chunk.ts';

export const CONTINGENT_IMPORT_JOB = 'contingent-import';
export type ContingentImportParams = { importId: string };

const finish = (db: JobContext<ContingentImportParams>['db'], id: string, status: 'completed' | 'failed') =>
  sql`UPDATE contingent_imports SET status = ${status}, finished_at = now()
       WHERE id = ${id} AND status IN ('queued', 'running')`.execute(db);

/**
 * A file's rows written in the background, chunk by chunk, under the uploader's rights as they are
 * now (a revoked grant stops the import). The checkpoint is the import's next_row, committed with each
 * chunk, so a retried attempt after a crash goes on from there.
 */
export const contingentImportJob = defineJob<ContingentImportParams>({
  kind: CONTINGENT_IMPORT_JOB,
  title: 'Загрузка контингента из файла',
  retry: { limit: 5, delaySeconds: 2, maxDelaySeconds: 60 },
  // A 100,000-row file takes long; a dead worker is found by its heartbeat, not by this limit.
  expireSeconds: 4 * 60 * 60,
  concurrency: 1,
  run: async (job): Promise<JobResult> => {
    const imp = (
      await sql<{ organization_id: string; created_by: string | null; total_rows: number }>`
        SELECT organization_id, created_by, total_rows FROM contingent_imports WHERE id = ${job.params.importId}`.execute(
        job.db,
      )
    ).rows[0];
    if (!imp) return { skipped: 'Загрузка не найдена' };
    const actor = imp.created_by ? await loadActor(job.db, imp.created_by, 'session') : null;
    const grants = actor ? grantsFor(actor, ContingentImportActions['contingent_import.run']) : [];
    const grant = actor ? await grantCovering(job.db, grants, imp.organization_id) : null;
    if (!actor || !grant) {
      await finish(job.db, job.params.importId, 'failed');
      return { skipped: 'У загрузившего больше нет доступа к организации' };
    }
    const ctx = {
      requestId: `job:${job.id}`,
      ip: null,
      actor,
      db: job.db,
      config: job.config,
      log: job.log,
    } as unknown as Ctx;
    const target = { id: job.params.importId, organizationId: imp.organization_id, grants, grant };
    for (;;) {
      await job.checkpoint();
      const r = await processChunk(ctx, target);
      await job.progress(r.done, r.total);
      if (r.finished) break;
    }
    await finish(job.db, job.params.importId, 'completed');
    return { importId: job.params.importId, rows: imp.total_rows };
  },
  summarize: (result) =>
    typeof result.skipped === 'string'
      ? `Не выполнялось: ${result.skipped}`
      : `Строк файла: ${result.rows ?? 0}`,
  abandon: async (db, params) => {
    await finish(db, params.importId, 'failed');
  },
});
