import { ensureUser, signIn } from '../harness/app.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const TARGET_FACTOR = 1.5;
const PANELS = ['contingent', 'occupancy', 'queue', 'attendance', 'data-quality', 'sign-off'] as const;

type Dates = { today: string; september: string; from: string; to: string };

/**
 * The figures of the six panels for the whole region written by hand, one plain GROUP BY each over the
 * same tables, with the dates it needs. The sign-off baseline counts the submissions of every form at
 * once; the panel asks form by form.
 */
export const HAND_SQL: { sql: string; args: (d: Dates) => string[] }[] = [
  {
    args: (d) => [d.today],
    sql: `SELECT t.id, coalesce(e.level, o.kind) AS level, count(DISTINCT e.person_id)
     FROM enrollments e JOIN organizations o ON o.id = e.organization_id
     LEFT JOIN territories t ON t.id = o.territory_id
    WHERE e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
    GROUP BY ROLLUP (t.id, coalesce(e.level, o.kind))`,
  },
  {
    args: (d) => [d.today],
    sql: `SELECT o.id, o.capacity, count(DISTINCT e.person_id)
     FROM organizations o LEFT JOIN enrollments e ON e.organization_id = o.id
      AND e.started_on <= $1::date AND (e.ended_on IS NULL OR e.ended_on > $1::date)
    WHERE o.kind IN ('preschool', 'school') AND o.status <> 'liquidated'
    GROUP BY o.id, o.capacity`,
  },
  {
    args: (d) => [d.september],
    sql: `SELECT a.municipality_id, date_part('year', age($1::date, p.birth_date)) AS age, count(*)
     FROM preschool_applications a JOIN persons p ON p.id = a.child_id
    WHERE a.status IN ('queued', 'awaiting_confirmation', 'wants_change', 'referred')
    GROUP BY 1, 2`,
  },
  {
    args: (d) => [d.from, d.to],
    sql: `SELECT o.territory_id, o.kind, d.date - (extract(isodow FROM d.date)::int - 1) AS week, count(*),
          count(*) FILTER (WHERE d.status = 'present')
     FROM attendance_days d JOIN organizations o ON o.id = d.organization_id
    WHERE d.date BETWEEN $1::date AND $2::date
    GROUP BY 1, 2, 3`,
  },
  {
    args: () => [],
    sql: `SELECT o.territory_id, sum(sc.score * greatest(sc.learners, 1)) / nullif(sum(greatest(sc.learners, 1)), 0)
     FROM data_quality_scores sc JOIN organizations o ON o.id = sc.organization_id
    WHERE sc.run_id = (SELECT id FROM data_quality_runs WHERE status = 'finished' ORDER BY finished_at DESC LIMIT 1)
    GROUP BY 1`,
  },
  {
    args: () => [],
    sql: `SELECT s.form_code, s.status, count(*) FROM stat_form_submissions s GROUP BY 1, 2`,
  },
];

export function dashboards(): Benchmark {
  return {
    name: 'dashboards',
    description:
      'the six panels of «Показатели» for the whole region through GET /api/v1/dashboards/… as a regional ' +
      'operator vs one hand-written GROUP BY per panel over the same tables, once a round each',
    needs: ['histories'],
    async setup(ctx: BenchContext) {
      const u = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      const cookie = await signIn(ctx.appUrl, u.login, u.password);
      const pool = ctx.app.database.pool;
      const panel = async (name: (typeof PANELS)[number]) => {
        const res = await fetch(`${ctx.appUrl}/api/v1/dashboards/${name}`, { headers: { cookie } });
        if (res.status !== 200)
          throw new Error(`dashboards: ${name} answered ${res.status}: ${await res.text()}`);
        return (await res.json()) as { asOf: string; referenceDate: string; from: string; to: string };
      };
      const first = await panel('contingent');
      const queue = await panel('queue');
      const attendance = await panel('attendance');
      const dates: Dates = {
        today: first.asOf,
        september: queue.referenceDate,
        from: attendance.from,
        to: attendance.to,
      };
      const shape = { warmup: 0, duration: 0 };
      return [
        {
          name: 'panels',
          description: `GET /api/v1/dashboards/{${PANELS.join(', ')}} for the region, one after another`,
          shape,
          load: {
            kind: 'timed',
            unit: 'region',
            run: async () => {
              for (const p of PANELS) await panel(p);
              return { units: 1 };
            },
          },
        },
        {
          name: 'hand-sql',
          baseline: true,
          description: 'one hand-written GROUP BY per panel (bench/benchmarks/dashboards.ts)',
          shape,
          load: {
            kind: 'timed',
            unit: 'region',
            run: async () => {
              for (const q of HAND_SQL) await pool.query(q.sql, q.args(dates));
              return { units: 1 };
            },
          },
        },
      ];
    },
    async details(results) {
      const p = results.find((r) => r.name === 'panels');
      const h = results.find((r) => r.name === 'hand-sql');
      const factor = 1 / (p?.ratio ?? Number.NaN);
      console.warn(
        `dashboards: six panels ${((p?.median.p50 ?? Number.NaN) / 1000).toFixed(2)} s, hand SQL ` +
          `${((h?.median.p50 ?? Number.NaN) / 1000).toFixed(2)} s, factor ${factor.toFixed(2)} (target ≤ ${TARGET_FACTOR})`,
      );
      return { targets: { factor: TARGET_FACTOR }, factor };
    },
  };
}
