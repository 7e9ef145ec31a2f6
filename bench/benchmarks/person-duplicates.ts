import type pg from 'pg';
import {
  type DuplicateRunResult,
  runDuplicateReport,
} from '../../src/server/modules/duplicates/run-duplicate-report.ts';
import { ensureUser } from '../harness/app.ts';
import { type KnownPair, knownPairs } from '../harness/persons.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

const TARGET_SECONDS = 120;
const TARGET_RECALL = 0.95;
const TARGET_PRECISION = 0.9;
// Unexplained pairs shown with their names, to say what they are.
const SAMPLE_OTHERS = 15;
const SCALE_SQL = 'SELECT count(*) FROM persons GROUP BY birth_date';

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

type Reported = { person_a: string; person_b: string; score: number };

async function reportedPairs(admin: pg.Client, runId: string) {
  const run = await admin.query<{ id: string; pairs: number; seconds: number; min_score: number }>(
    `SELECT id, pairs, extract(epoch FROM finished_at - started_at)::float8 AS seconds, min_score
       FROM duplicate_runs WHERE id = $1 AND status = 'finished'`,
    [runId],
  );
  if (!run.rows[0]) throw new Error(`duplicate-report: run ${runId} did not finish`);
  const pairs = await admin.query<Reported>(
    'SELECT person_a::text, person_b::text, score FROM duplicate_pairs WHERE run_id = $1',
    [runId],
  );
  return { run: run.rows[0], pairs: pairs.rows };
}

/** What a pair that is neither planted nor twins has in common, to name the kind of false positive. */
async function describeOthers(admin: pg.Client, others: Reported[]) {
  const sample = others.slice(0, SAMPLE_OTHERS);
  const r = await admin.query<{
    a: string;
    b: string;
    score: number;
    name_a: string;
    name_b: string;
    birth_a: string;
    birth_b: string;
    snils_a: string | null;
    snils_b: string | null;
    siblings: boolean;
    parent_child: boolean;
  }>(
    `SELECT s.a, s.b, s.score,
            concat_ws(' ', pa.last_name, pa.first_name, pa.middle_name) AS name_a,
            concat_ws(' ', pb.last_name, pb.first_name, pb.middle_name) AS name_b,
            pa.birth_date::text AS birth_a, pb.birth_date::text AS birth_b, pa.snils AS snils_a, pb.snils AS snils_b,
            EXISTS (SELECT 1 FROM representations ra JOIN representations rb ON rb.representative_id = ra.representative_id
                     WHERE ra.learner_id = s.a AND rb.learner_id = s.b) AS siblings,
            EXISTS (SELECT 1 FROM representations r WHERE (r.learner_id, r.representative_id) IN ((s.a, s.b), (s.b, s.a)))
              AS parent_child
       FROM unnest($1::uuid[], $2::uuid[], $3::real[]) AS s(a, b, score)
       JOIN persons pa ON pa.id = s.a JOIN persons pb ON pb.id = s.b`,
    [sample.map((p) => p.person_a), sample.map((p) => p.person_b), sample.map((p) => p.score)],
  );
  const kinds = await admin.query<{ kind: string; n: string }>(
    `SELECT CASE WHEN pa.birth_date <> pb.birth_date THEN 'different birth date'
                 WHEN EXISTS (SELECT 1 FROM representations ra JOIN representations rb
                               ON rb.representative_id = ra.representative_id
                              WHERE ra.learner_id = s.a AND rb.learner_id = s.b) THEN 'siblings (same parent)'
                 WHEN pa.last_name_key = pb.last_name_key AND pa.first_name_key = pb.first_name_key
                   THEN 'same name and birth date, unrelated'
                 ELSE 'similar name, same birth date, unrelated' END AS kind, count(*) AS n
       FROM unnest($1::uuid[], $2::uuid[]) AS s(a, b)
       JOIN persons pa ON pa.id = s.a JOIN persons pb ON pb.id = s.b
      GROUP BY 1 ORDER BY 2 DESC`,
    [others.map((p) => p.person_a), others.map((p) => p.person_b)],
  );
  return {
    byKind: Object.fromEntries(kinds.rows.map((k) => [k.kind, Number(k.n)])),
    sample: r.rows,
  };
}

function score(reported: Reported[], planted: KnownPair[], twins: KnownPair[]) {
  const plantedKeys = new Set(planted.map((p) => key(p.a, p.b)));
  const twinKeys = new Set(twins.map((p) => key(p.a, p.b)));
  const found = new Set<string>();
  let twinHits = 0;
  const others: Reported[] = [];
  for (const p of reported) {
    const k = key(p.person_a, p.person_b);
    if (plantedKeys.has(k)) found.add(k);
    else if (twinKeys.has(k)) twinHits++;
    else others.push(p);
  }
  const missedByKind: Record<string, number> = {};
  for (const p of planted) {
    if (!found.has(key(p.a, p.b))) missedByKind[p.kind] = (missedByKind[p.kind] ?? 0) + 1;
  }
  return {
    truePositives: found.size,
    recall: planted.length ? found.size / planted.length : Number.NaN,
    precision: reported.length ? found.size / reported.length : Number.NaN,
    twinsReported: twinHits,
    others,
    missedByKind,
  };
}

export function duplicateReport(): Benchmark {
  let ctxRef: BenchContext | null = null;
  let userId = '';
  let last: DuplicateRunResult | null = null;
  return {
    name: 'duplicate-report',
    description:
      'runDuplicateReport over every person of the region: seconds, pairs, recall and precision against ' +
      'the planted duplicates; scale reference: one GROUP BY birth_date over persons (not a baseline)',
    needs: ['persons'],
    async setup(ctx: BenchContext) {
      ctxRef = ctx;
      const user = await ensureUser(ctx.admin, 'bench-regional', 'regional_operator', ctx.rootTerritoryId);
      userId = user.userId;
      // A run left 'running' by an interrupted benchmark would block every later start.
      await ctx.admin.query(
        `UPDATE duplicate_runs SET status = 'failed', finished_at = now()
          WHERE status = 'running' AND started_by = $1`,
        [userId],
      );
      const db = ctx.app.database.db;
      return [
        {
          name: 'report',
          compareTo: 'group-by-birth-date',
          description: 'runDuplicateReport(db, { startedBy }) with the app pool, once per round',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'report',
            run: async () => {
              last = await runDuplicateReport(db, { startedBy: userId });
              return { units: 1 };
            },
          },
        },
        {
          name: 'group-by-birth-date',
          baseline: true,
          description: `scale reference, not a comparable baseline: ${SCALE_SQL}`,
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'query',
            run: async () => {
              await ctx.admin.query(SCALE_SQL);
              return { units: 1 };
            },
          },
        },
      ];
    },
    async details(results) {
      const ctx = ctxRef!;
      if (!last) throw new Error('duplicate-report: the report never finished');
      const { run, pairs } = await reportedPairs(ctx.admin, last.runId);
      const { planted, twins } = await knownPairs(ctx.admin);
      const s = score(pairs, planted, twins);
      const others = await describeOthers(ctx.admin, s.others);
      const seconds = (results.find((r) => r.name === 'report')?.median.p50 ?? Number.NaN) / 1000;
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      console.warn(
        `duplicate-report: ${seconds.toFixed(1)} s (target ≤ ${TARGET_SECONDS} s), ${pairs.length} pairs; ` +
          `recall ${pct(s.recall)} of ${planted.length} planted (target ≥ ${pct(TARGET_RECALL)}), ` +
          `precision ${pct(s.precision)} (target ≥ ${pct(TARGET_PRECISION)}); twins reported ${s.twinsReported} ` +
          `of ${twins.length}; neither planted nor twins ${s.others.length}: ${JSON.stringify(others.byKind)}`,
      );
      return {
        targets: { seconds: TARGET_SECONDS, recall: TARGET_RECALL, precision: TARGET_PRECISION },
        medianSeconds: seconds,
        lastRun: run,
        pairs: pairs.length,
        planted: planted.length,
        twins: twins.length,
        truePositives: s.truePositives,
        recall: s.recall,
        precision: s.precision,
        twinsReported: s.twinsReported,
        missedByKind: s.missedByKind,
        neitherPlantedNorTwins: { count: s.others.length, ...others },
        scaleReference: SCALE_SQL,
      };
    },
  };
}
