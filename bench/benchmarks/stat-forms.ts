import { ensureUser, signIn } from '../harness/app.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';
import { FORM_1DOP, FORM_85K, FORM_OO1, FORM_SPO1 } from './stat-forms-hand-sql.ts';

const TARGET_SECONDS = 30;
const TARGET_FACTOR = 1.5;

/** The four forms on their reference days inside the generated history (which ends on 3 December 2026). */
const FORMS = [
  { path: '85-k/editions/2024', asOf: '2025-12-31', sql: FORM_85K },
  { path: 'oo-1/editions/2024', asOf: '2026-09-20', sql: FORM_OO1 },
  { path: '1-dop/editions/2015', asOf: '2025-12-31', sql: FORM_1DOP },
  { path: 'spo-1/editions/2022', asOf: '2026-10-01', sql: FORM_SPO1 },
] as const;

export function statForms(): Benchmark {
  let cells = 0;
  return {
    name: 'stat-forms',
    description:
      'all four statistical forms (85-К, ОО-1, 1-ДОП, СПО-1) for the whole region through GET …/report as a ' +
      'regional operator vs one hand-written GROUP BY statement per form over the same tables, once a round each',
    needs: ['histories'],
    async setup(ctx: BenchContext) {
      const u = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      const cookie = await signIn(ctx.appUrl, u.login, u.password);
      const orgs = (await ctx.admin.query<{ id: string }>('SELECT id FROM organizations')).rows.map(
        (r) => r.id,
      );
      const pool = ctx.app.database.pool;
      const report = async (f: (typeof FORMS)[number]) => {
        const url = `${ctx.appUrl}/api/v1/stat-forms/${f.path}/report?territoryId=${ctx.rootTerritoryId}&asOf=${f.asOf}`;
        const res = await fetch(url, { headers: { cookie } });
        if (res.status !== 200)
          throw new Error(`stat-forms: ${f.path} answered ${res.status}: ${await res.text()}`);
        const body = (await res.json()) as {
          sections: { cells: { value: number }[] }[];
          controlFailures: unknown[];
        };
        return body;
      };
      for (const f of FORMS) {
        const body = await report(f);
        cells += body.sections.reduce((n, s) => n + s.cells.length, 0);
        const total = body.sections.reduce((n, s) => n + s.cells.reduce((m, c) => m + c.value, 0), 0);
        if (total === 0) throw new Error(`stat-forms: ${f.path} counts nothing on ${f.asOf}`);
        if (body.controlFailures.length > 0)
          console.warn(`stat-forms: ${f.path} breaks ${body.controlFailures.length} control ratios`);
      }
      const shape = { warmup: 0, duration: 0 };
      return [
        {
          name: 'forms',
          description: `GET /api/v1/stat-forms/{code}/editions/{edition}/report?territoryId=<region> for ${FORMS.map((f) => f.path).join(', ')}`,
          shape,
          load: {
            kind: 'timed',
            unit: 'region',
            run: async () => {
              for (const f of FORMS) await report(f);
              return { units: 1 };
            },
          },
        },
        {
          name: 'hand-sql',
          baseline: true,
          description:
            'one hand-written GROUP BY statement per form (bench/benchmarks/stat-forms-hand-sql.ts)',
          shape,
          load: {
            kind: 'timed',
            unit: 'region',
            run: async () => {
              for (const f of FORMS) await pool.query(f.sql, [f.asOf, orgs]);
              return { units: 1 };
            },
          },
        },
      ];
    },
    async details(results) {
      const f = results.find((r) => r.name === 'forms');
      const h = results.find((r) => r.name === 'hand-sql');
      const seconds = (f?.median.p50 ?? Number.NaN) / 1000;
      const factor = 1 / (f?.ratio ?? Number.NaN);
      console.warn(
        `stat-forms: four forms ${seconds.toFixed(2)} s (target ≤ ${TARGET_SECONDS} s), hand SQL ` +
          `${((h?.median.p50 ?? Number.NaN) / 1000).toFixed(2)} s, factor ${factor.toFixed(2)} (target ≤ ${TARGET_FACTOR}); ${cells} cells`,
      );
      return {
        targets: { seconds: TARGET_SECONDS, factor: TARGET_FACTOR },
        seconds,
        factor,
        cells,
        forms: FORMS.map((x) => ({ path: x.path, asOf: x.asOf })),
      };
    },
  };
}
