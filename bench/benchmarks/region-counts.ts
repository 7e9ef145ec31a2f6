import { countsAsOf } from '../../src/server/modules/education/contingent-as-of.ts';
import { historyDate } from '../harness/education.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const TARGET_SECONDS = 2;
const TARGET_FACTOR = 1.5;

/** The same count written by hand: learners whose period in force that day is not «exited», per organization. */
export const AGGREGATE_SQL = `
  SELECT e.organization_id, count(DISTINCT e.person_id)::int AS n
    FROM enrollment_status_periods p JOIN enrollments e ON e.id = p.enrollment_id
   WHERE p.status <> 'exited' AND p.valid_from <= $1::date AND (p.valid_to IS NULL OR p.valid_to > $1::date)
   GROUP BY e.organization_id`;

export function regionCounts(): Benchmark {
  let orgIds: string[] = [];
  return {
    name: 'region-counts',
    description:
      'learner counts of every organization of the region on a date: countsAsOf(db, all ids, date) vs a ' +
      'hand-written aggregate over the same tables, each once per round on the same dates',
    needs: ['histories'],
    async setup(ctx: BenchContext) {
      const r = await ctx.admin.query<{ id: string }>('SELECT id FROM organizations ORDER BY id');
      orgIds = r.rows.map((x) => x.id);
      const db = ctx.app.database.db;
      const pool = ctx.app.database.pool;
      // Once per round: a region-wide count is a report, not a request stream.
      const shape = { warmup: 0, duration: 0 };
      let round = 0;
      let sqlRound = 0;
      return [
        {
          name: 'counts-as-of',
          description: `countsAsOf(db, ${orgIds.length} organization ids, date)`,
          shape,
          load: {
            kind: 'timed',
            unit: 'count',
            run: async () => {
              await countsAsOf(db, orgIds, historyDate(round++));
              return { units: 1 };
            },
          },
        },
        {
          name: 'aggregate',
          baseline: true,
          description: AGGREGATE_SQL.replace(/\s+/g, ' ').trim(),
          shape,
          load: {
            kind: 'timed',
            unit: 'count',
            run: async () => {
              await pool.query(AGGREGATE_SQL, [historyDate(sqlRound++)]);
              return { units: 1 };
            },
          },
        },
      ];
    },
    async details(results) {
      const f = results.find((r) => r.name === 'counts-as-of');
      const a = results.find((r) => r.name === 'aggregate');
      const seconds = (f?.median.p50 ?? Number.NaN) / 1000;
      const factor = 1 / (f?.ratio ?? Number.NaN);
      console.warn(
        `region-counts: countsAsOf ${seconds.toFixed(2)} s (target ≤ ${TARGET_SECONDS} s), ` +
          `aggregate ${((a?.median.p50 ?? Number.NaN) / 1000).toFixed(2)} s, ` +
          `factor ${factor.toFixed(2)} (target ≤ ${TARGET_FACTOR})`,
      );
      return {
        targets: { seconds: TARGET_SECONDS, factor: TARGET_FACTOR },
        seconds,
        factor,
        organizations: orgIds.length,
        aggregate: AGGREGATE_SQL,
      };
    },
  };
}
