import pg from 'pg';
import { ensureUser, signInForWrites } from '../harness/app.ts';
import { academicYearIds } from '../harness/education.ts';
import { postJson } from '../harness/http-get.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const EFFECTIVE_ON = '2027-09-01';

/**
 * The baseline: the rows a year-end promotion of the whole region writes, with nothing else. Next
 * year's classes («5А» after «4А»), this year's placements closed on 1 September and the next year's
 * opened — except after the 9th and 11th grades, which graduate. In a transaction rolled back.
 */
export const BASELINE_SQL = [
  `CREATE TEMP TABLE bench_promotion ON COMMIT DROP AS
     SELECT p.id AS placement_id, p.enrollment_id, u.organization_id, u.grade, u.letter, u.capacity, u.programme_id
       FROM units u JOIN placements p ON p.unit_id = u.id AND p.valid_to IS NULL
       JOIN enrollments e ON e.id = p.enrollment_id AND e.ended_on IS NULL
      WHERE u.academic_year_id = '$CURRENT' AND u.kind = 'class' AND u.grade BETWEEN 1 AND 11`,
  `INSERT INTO units (organization_id, academic_year_id, kind, name, grade, letter, capacity, programme_id)
     SELECT DISTINCT ON (organization_id, grade, letter) organization_id, $1::uuid, 'class',
            (grade + 1)::text || coalesce(letter, ''), grade + 1, letter, capacity, programme_id
       FROM bench_promotion WHERE grade NOT IN (9, 11)
     ON CONFLICT (organization_id, academic_year_id, name) DO NOTHING`,
  `UPDATE placements p SET valid_to = '${EFFECTIVE_ON}' FROM bench_promotion b WHERE p.id = b.placement_id`,
  `INSERT INTO placements (enrollment_id, unit_id, valid_from)
     SELECT b.enrollment_id, t.id, '${EFFECTIVE_ON}' FROM bench_promotion b
       JOIN units t ON t.organization_id = b.organization_id AND t.academic_year_id = $1
                   AND t.name = (b.grade + 1)::text || coalesce(b.letter, '')
      WHERE b.grade NOT IN (9, 11)`,
];

/** What a promotion and its undo write. */
const TOUCHED_TABLES = [
  'units',
  'orders',
  'movements',
  'movement_effects',
  'placements',
  'enrollments',
  'enrollment_status_periods',
  'person_access',
  'person_cards',
  'change_log',
];

export function regionPromotion(): Benchmark {
  const promoteMs: number[] = [];
  const undoMs: number[] = [];
  let counts: unknown = null;
  let baselineRows = 0;
  let client: pg.Client | null = null;
  return {
    name: 'region-promotion',
    description:
      'year-end promotion 2026/27 → 2027/28 of every school of the region through POST /api/v1/promotions ' +
      '(regional operator; undone after each round, the undo timed apart) vs the bare statements writing ' +
      'the same classes and placements, rolled back',
    needs: ['histories'],
    async setup(ctx: BenchContext) {
      const years = await academicYearIds(ctx.admin);
      const u = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      const headers = await signInForWrites(ctx.appUrl, u.login, u.password);
      client = new pg.Client({ connectionString: ctx.adminUrl });
      await client.connect();
      const c = client;
      let round = 0;
      // Cancelled orders keep their numbers: a reused database needs numbers no earlier run took.
      const tag = Date.now().toString(36);
      const post = async (path: string, body: unknown) => {
        const res = await postJson(`${ctx.appUrl}/api/v1${path}`, headers, body);
        if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
        return JSON.parse(res.body) as Record<string, unknown>;
      };
      return [
        {
          name: 'promotion',
          description:
            'POST /api/v1/promotions for the region, then POST /api/v1/promotions/:id/undo (timed apart)',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'run',
            run: async () => {
              const n = ++round;
              let t = performance.now();
              const run = await post('/promotions', {
                territoryId: ctx.rootTerritoryId,
                fromYearId: years.current,
                toYearId: years.next,
                effectiveOn: EFFECTIVE_ON,
                orderDate: '2027-05-28',
                number: `bench-${tag}-${n}-п`,
                graduationNumber: `bench-${tag}-${n}-в`,
                undoDeadline: '2027-09-30',
              });
              promoteMs.push(performance.now() - t);
              counts = { promoted: run.promoted, graduated: run.graduated };
              t = performance.now();
              await post(`/promotions/${run.id as string}/undo`, {
                number: `bench-${tag}-${n}-о`,
                orderDate: '2027-06-01',
                basis: 'Повторный замер производительности',
              });
              undoMs.push(performance.now() - t);
              // A region promotes once a year, on tables autovacuum keeps: the next round starts from that
              // state, not from the two million dead rows this round's promotion and undo left (which
              // slowed each further round by 7 %, the baseline too). Untimed.
              await c.query(`VACUUM (ANALYZE) ${TOUCHED_TABLES.join(', ')}`);
              return { units: 1 };
            },
          },
        },
        {
          name: 'insert-select',
          baseline: true,
          description: BASELINE_SQL.map((s) => s.replace(/\s+/g, ' ').trim().slice(0, 60)).join(' ; '),
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'run',
            run: async () => {
              await c.query('BEGIN');
              try {
                // CREATE TABLE AS takes no parameters: the year's id (read from the database) is spelled in.
                const params = [[], [years.next], [], [years.next]];
                for (const [i, sql] of BASELINE_SQL.entries()) {
                  const r = await c.query(sql.replace('$CURRENT', years.current), params[i]);
                  if (i === 3) baselineRows = r.rowCount ?? 0;
                }
              } finally {
                await c.query('ROLLBACK');
              }
              return { units: 1 };
            },
          },
        },
      ];
    },
    async details(results) {
      const median = (xs: number[]) =>
        [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
      const base = results.find((r) => r.name === 'insert-select')?.median.p50 ?? Number.NaN;
      const promote = median(promoteMs);
      console.warn(
        `region-promotion: promotion ${(promote / 1000).toFixed(1)} s (median of ${promoteMs.length}), undo ` +
          `${(median(undoMs) / 1000).toFixed(1)} s, baseline ${(base / 1000).toFixed(1)} s, ` +
          `promotion / baseline ${(promote / base).toFixed(2)}; ${JSON.stringify(counts)}, baseline placements ${baselineRows}`,
      );
      return { promoteMs, undoMs, baselineMedianMs: base, factor: promote / base, counts, baselineRows };
    },
    async teardown() {
      await client?.end();
      client = null;
    },
  };
}
