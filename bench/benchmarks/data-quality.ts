import { ensureUser, signInForWrites } from '../harness/app.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const TARGET_SECONDS = 120;

/**
 * The monthly data-quality run over the whole region, started as the regional operator does and timed
 * to its end, vs one pass over the enrollments in force (the scan every check starts from). The second
 * and later rounds are the steady state of a month: most findings are seen again, not new.
 */
export function dataQuality(): Benchmark {
  let findings = 0;
  return {
    name: 'data-quality',
    description:
      'the monthly data-quality run for the region (POST /api/v1/data-quality/runs, to the run finished) vs ' +
      'one count of the learners enrolled today',
    needs: ['histories'],
    async setup(ctx: BenchContext) {
      const u = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      const headers = await signInForWrites(ctx.appUrl, u.login, u.password);
      const pool = ctx.app.database.pool;
      const run = async () => {
        const res = await fetch(`${ctx.appUrl}/api/v1/data-quality/runs`, {
          method: 'POST',
          headers,
          body: '{}',
        });
        if (res.status !== 202)
          throw new Error(`data-quality: start answered ${res.status}: ${await res.text()}`);
        const { runId } = (await res.json()) as { runId: string };
        for (;;) {
          const r = await pool.query<{ status: string; open_findings: number | null }>(
            'SELECT status, open_findings FROM data_quality_runs WHERE id = $1',
            [runId],
          );
          const row = r.rows[0];
          if (row && row.status !== 'running') {
            if (row.status !== 'finished') throw new Error(`data-quality: the run ${row.status}`);
            findings = row.open_findings ?? 0;
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      };
      const shape = { warmup: 0, duration: 0 };
      return [
        {
          name: 'run',
          description: 'POST /api/v1/data-quality/runs and wait until the run is finished',
          shape,
          load: {
            kind: 'timed',
            unit: 'run',
            run: async () => {
              await run();
              return { units: 1 };
            },
          },
        },
        {
          name: 'learners-today',
          baseline: true,
          description: 'SELECT count(DISTINCT person_id) of the enrollments in force today',
          shape,
          load: {
            kind: 'timed',
            unit: 'run',
            run: async () => {
              await pool.query(
                `SELECT count(DISTINCT person_id) FROM enrollments
                  WHERE started_on <= current_date AND (ended_on IS NULL OR ended_on > current_date)`,
              );
              return { units: 1 };
            },
          },
        },
      ];
    },
    async details(results) {
      const r = results.find((x) => x.name === 'run');
      const seconds = (r?.median.p50 ?? Number.NaN) / 1000;
      console.warn(
        `data-quality: the region's run ${seconds.toFixed(1)} s (target ≤ ${TARGET_SECONDS} s), ${findings} open findings`,
      );
      return { targets: { seconds: TARGET_SECONDS }, seconds, findings };
    },
  };
}
