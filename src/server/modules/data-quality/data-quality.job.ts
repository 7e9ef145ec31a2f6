import { sql } from 'kysely';
import { withTransaction } from '../../platform/db/tx.ts';
import { defineJob } from '../../platform/jobs/job-types.ts';
import { regionToday } from '../education/region-today.ts';
import { applyCheck } from './apply-checks.ts';
import { CHECKS, type CheckScope, learnersByOrganization } from './checks.ts';
import { createRun } from './create-run.ts';

export const DATA_QUALITY_JOB = 'data-quality-run';

const ERRORS = CHECKS.filter((c) => c.severity === 'error').map((c) => c.code);

/**
 * The monthly control over the whole region: every check in its own transaction (a retry after a crash
 * runs them again: a check applied twice sees the same findings), then each organization's score.
 * Score = 100 − 100 × (errors + warnings / 4) / max(learners, 10), at least 0.
 */
export const dataQualityJob = defineJob<{ runId?: string }>({
  kind: DATA_QUALITY_JOB,
  title: 'Ежемесячный контроль качества данных',
  retry: { limit: 2, delaySeconds: 60, maxDelaySeconds: 600 },
  expireSeconds: 3600,
  concurrency: 1,
  cron: (config) => config.dataQualityCron,
  prepareScheduled: async (tx, jobId) => {
    const runId = await createRun(tx, null, jobId);
    return runId ? { params: { runId } } : { skip: 'Проверка качества данных уже выполняется' };
  },
  run: async (job) => {
    const runId =
      job.params.runId ??
      (
        await sql<{ id: string }>`SELECT id FROM data_quality_runs WHERE job_id = ${job.id}::uuid`.execute(
          job.db,
        )
      ).rows[0]?.id;
    if (!runId) throw new Error('data-quality run not registered');
    const scope: CheckScope = {
      today: regionToday(job.config.timeZone),
      organizations: () => sql<boolean>`true`,
    };
    // The month of the region's calendar: a run at 02:00 on the 1st in Irkutsk is still the 31st in UTC.
    await sql`UPDATE data_quality_runs SET month = ${`${scope.today.slice(0, 7)}-01`}::date
               WHERE id = ${runId}::uuid`.execute(job.db);
    let opened = 0;
    let closed = 0;
    for (const [i, check] of CHECKS.entries()) {
      await job.checkpoint();
      const r = await withTransaction(job.db, (tx) => applyCheck(tx, check, scope, runId));
      opened += r.opened;
      closed += r.closed;
      await job.progress(i + 1, CHECKS.length + 1);
    }
    const open = await withTransaction(job.db, async (tx) => {
      await sql`DELETE FROM data_quality_scores WHERE run_id = ${runId}::uuid`.execute(tx);
      await sql`
        INSERT INTO data_quality_scores (run_id, organization_id, learners, errors, warnings, score)
        SELECT ${runId}::uuid, org.id, coalesce(l.n, 0), coalesce(f.errors, 0), coalesce(f.warnings, 0),
               greatest(0, round(100 - 100.0 * (coalesce(f.errors, 0) + coalesce(f.warnings, 0) / 4.0)
                                   / greatest(coalesce(l.n, 0), 10), 1))
          FROM organizations org
          LEFT JOIN (${learnersByOrganization(scope)}) l ON l.organization_id = org.id
          LEFT JOIN (SELECT organization_id,
                            count(*) FILTER (WHERE check_code = ANY(${ERRORS}::text[]))::int AS errors,
                            count(*) FILTER (WHERE check_code <> ALL(${ERRORS}::text[]))::int AS warnings
                       FROM data_quality_findings WHERE closed_at IS NULL GROUP BY organization_id) f
            ON f.organization_id = org.id
         WHERE org.status <> 'liquidated'`.execute(tx);
      const n = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM data_quality_findings WHERE closed_at IS NULL`.execute(tx);
      const total = n.rows[0]?.n ?? 0;
      await sql`
        UPDATE data_quality_runs SET status = 'finished', finished_at = now(), opened = ${opened},
               closed = ${closed}, open_findings = ${total}
         WHERE id = ${runId}::uuid`.execute(tx);
      return total;
    });
    return { opened, closed, open };
  },
  summarize: (r) => `Новых замечаний: ${r.opened ?? 0}; устранено: ${r.closed ?? 0}; открыто: ${r.open ?? 0}`,
  abandon: async (db, _params, jobId) => {
    await sql`UPDATE data_quality_runs SET status = 'failed', finished_at = now()
               WHERE job_id = ${jobId}::uuid AND status = 'running'`.execute(db);
  },
});
