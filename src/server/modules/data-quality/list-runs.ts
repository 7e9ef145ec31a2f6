import type { Ctx } from '../../platform/context.ts';

/** The last two years of runs, newest first: counts only. */
export async function listRuns(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('data_quality_runs')
    .select(['id', 'month', 'status', 'started_at', 'finished_at', 'opened', 'closed', 'open_findings'])
    .orderBy('started_at', 'desc')
    .limit(24)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      month: r.month,
      status: r.status,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      opened: r.opened,
      closed: r.closed,
      openFindings: r.open_findings,
    })),
  };
}
