import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEFAULT_SHAPE, generateAllocationSnapshot } from '../../src/generator/queue/allocation-snapshot.ts';
import { createRandom } from '../../src/generator/random.ts';
import { ensureUser, signInForWrites } from '../harness/app.ts';
import { postJson } from '../harness/http-get.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';

/** The acceptance figures: the CLI on a 100 k / 500 snapshot, and the whole run from the database. */
const TARGET_CLI_SECONDS = 3;
const TARGET_RUN_SECONDS = 20;
const APPLICATIONS = 100_000;
const KINDERGARTENS = 500;
const BANDS = 7;
const REF = '2027-09-01';
const MUNICIPALITY = 'Бенчмарк комплектования';
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** What `npm run allocate` runs (package.json "allocate"), with this process's Node (the pinned one). */
const ALLOCATE_ARGS = ['--max-semi-space-size=16', 'scripts/allocate.ts'];

/**
 * The bench municipality's queue, written in one transaction with INSERT … SELECT (a fresh database, or
 * one where an earlier run crashed halfway, ends up with all of it or none). Shaped like the snapshot
 * generator's city: areas of 20 kindergartens, 7 groups each by age band with about three quarters of a
 * place per application (nurseries scarce), 1–5 ranked kindergartens mostly of the family's own area and
 * skewed to the first ones of it (one in ten adds a far one), a tenth with a confirmed right. Every
 * application is one statement, so the person_access trigger runs once.
 */
const LOAD_SQL = [
  'SELECT setseed(0.38)',
  `CREATE TEMP TABLE bench_kg ON COMMIT DROP AS
     SELECT substr(inn, 3)::int - 1 AS i, id FROM organizations WHERE territory_id = $MUN AND kind = 'preschool'`,
  `INSERT INTO units (organization_id, academic_year_id, kind, name, age_from, age_to, group_focus, stay_mode,
                      teaching_language, capacity)
   SELECT k.id, $YEAR, 'group', 'Группа ' || b || '–' || (b + 1) || ' лет', b, b + 1, 'general', 'full', 'русский',
          greatest(1, round(${Math.round((APPLICATIONS * DEFAULT_SHAPE.seatRatio) / (KINDERGARTENS * BANDS))}
                            * (CASE b WHEN 0 THEN 0.3 WHEN 1 THEN 0.8 ELSE 1.15 END) * (0.6 + 0.8 * random())))
     FROM bench_kg k CROSS JOIN generate_series(0, ${BANDS - 1}) b`,
  // Children 30 days to 7 years old on the reference date, registered between a week after birth and a
  // month before it; the arrival number follows the registration instant.
  `CREATE TEMP TABLE bench_kids ON COMMIT DROP AS
     SELECT g AS i, gen_random_uuid() AS child_id, gen_random_uuid() AS applicant_id, b AS birth_date,
            (b + 7 + floor(random() * greatest(date '${REF}' - 30 - b - 7, 0))::int)::timestamptz
              + random() * interval '1 day' AS registered_at,
            floor(random() * ${KINDERGARTENS / 20})::int AS area,
            1 + floor(random() ^ 1.6 * 5)::int AS wanted, random() < 0.1 AS far, random() AS right_draw
       FROM generate_series(1, ${APPLICATIONS}) g,
            LATERAL (SELECT date '${REF}' - (30 + floor(random() * (${BANDS * 365} - 31)))::int + g * 0 AS b) x`,
  `INSERT INTO persons (id, last_name, first_name, middle_name, birth_date, sex)
   SELECT child_id, (ARRAY['Иванов', 'Петров', 'Сидоров', 'Кузнецов', 'Смирнов'])[1 + i % 5],
          (ARRAY['Артем', 'Михаил', 'Иван', 'Матвей', 'Максим', 'Лев', 'Марк'])[1 + i % 7], 'Бенчевич', birth_date, 'male'
     FROM bench_kids
   UNION ALL
   SELECT applicant_id, (ARRAY['Иванова', 'Петрова', 'Сидорова', 'Кузнецова', 'Смирнова'])[1 + i % 5],
          (ARRAY['Анна', 'Мария', 'Елена', 'Ольга', 'Наталья'])[1 + i % 5], 'Бенчевна', date '1992-05-17' + i % 3000,
          'female'
     FROM bench_kids`,
  `CREATE TEMP TABLE bench_apps ON COMMIT DROP AS
     SELECT k.*, gen_random_uuid() AS id, nextval('preschool_application_arrival_seq') AS arrival_no
       FROM (SELECT * FROM bench_kids ORDER BY registered_at, i) k`,
  `INSERT INTO preschool_applications (id, number, arrival_no, registered_at, municipality_id, child_id,
                                       applicant_id, desired_on, accepts_alternatives, status, filed_by)
   SELECT id, $OKTMO || '-' || arrival_no, arrival_no, registered_at, $MUN, child_id, applicant_id,
          date '${REF}' - CASE WHEN i % 5 = 0 THEN i % 300 ELSE 0 END, i % 10 < 7, 'queued', 'operator'
     FROM bench_apps`,
  `INSERT INTO preschool_application_preferences (application_id, rank, organization_id)
   SELECT id, rank, kg FROM (
     SELECT x.id, k.id AS kg, row_number() OVER (PARTITION BY x.id ORDER BY min(x.pick)) AS rank
       FROM (SELECT a.id, p.pick,
                    CASE WHEN p.pick > a.wanted THEN floor(random() * ${KINDERGARTENS})::int
                         ELSE a.area * 20 + floor(random() ^ 2.2 * 20)::int END AS kgi
               FROM bench_apps a
               CROSS JOIN LATERAL generate_series(1, a.wanted + a.far::int) p(pick)) x
       JOIN bench_kg k ON k.i = x.kgi
      GROUP BY x.id, k.id) r
    WHERE rank <= 5`,
  `INSERT INTO preschool_application_rights (application_id, category_code, category_version, right_kind,
     document_title, document_issued_on, valid_from, status, decided_at)
   SELECT id, CASE WHEN right_draw < 0.03 THEN 'OUT_OF_TURN_PROSECUTOR' ELSE 'FIRST_LARGE_FAMILY' END, 1,
          CASE WHEN right_draw < 0.03 THEN 'out_of_turn' ELSE 'first' END, 'Справка', date '2025-01-10',
          date '2025-01-10', 'confirmed', now() - interval '1 day'
     FROM bench_apps WHERE right_draw < 0.1`,
];

/**
 * The baseline: the same reads and writes with nothing else, in a transaction rolled back. The waiting
 * applications with their ranked kindergartens and confirmed right, the groups' free places, then one
 * outcome-like row per application into a temporary table.
 */
export const BASELINE_READ_SQL = `
  SELECT a.id, a.arrival_no, p.birth_date, a.registered_at, a.group_focus, a.stay_mode, a.language,
         a.accepts_alternatives, pr.list AS preferences, r.kind AS "right"
    FROM preschool_applications a JOIN persons p ON p.id = a.child_id
    LEFT JOIN (SELECT application_id, array_agg(organization_id ORDER BY rank) AS list
                 FROM preschool_application_preferences GROUP BY 1) pr ON pr.application_id = a.id
    LEFT JOIN (SELECT application_id, min(right_kind) AS kind FROM preschool_application_rights
                WHERE status = 'confirmed' GROUP BY 1) r ON r.application_id = a.id
   WHERE a.municipality_id = $1 AND a.status = 'queued' AND a.desired_on <= $2`;
export const BASELINE_GROUPS_SQL = `
  SELECT u.id, u.organization_id, u.age_from, u.age_to, u.capacity FROM units u
    JOIN organizations o ON o.id = u.organization_id
   WHERE o.territory_id = $1 AND u.kind = 'group' AND u.academic_year_id = $2`;
export const BASELINE_WRITE_SQL = `
  INSERT INTO bench_outcomes (application_id, outcome, organization_id, rejected)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[])`;

/** Runs `npm run allocate`'s command line; resolves with its wall-clock milliseconds. */
function allocateCli(input: string, out: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ALLOCATE_ARGS, '--input', input, '--out', out], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - t) : reject(new Error(`allocate exited ${code}: ${err}`)),
    );
  });
}

/** The bench municipality, its year and its queue: created once, reused by a kept database. */
async function prepareQueue(admin: pg.Client, rootId: string) {
  let m = await admin.query<{ id: string; oktmo: string }>(
    `SELECT id, oktmo FROM territories WHERE parent_id = $1 AND name = $2`,
    [rootId, MUNICIPALITY],
  );
  if (!m.rows[0]) {
    m = await admin.query(
      `INSERT INTO territories (kind, name, oktmo, municipality_type, parent_id)
       SELECT 'municipality', $2, x, 'urban_okrug', $1
         FROM (SELECT (98700000 + g * 1000)::text AS x FROM generate_series(0, 999) g) c
        WHERE NOT EXISTS (SELECT 1 FROM territories t WHERE left(t.oktmo, 8) = c.x)
        LIMIT 1
       RETURNING id, oktmo`,
      [rootId, MUNICIPALITY],
    );
  }
  const mun = m.rows[0]!;
  let year = await admin.query<{ id: string }>(
    `SELECT id FROM academic_years WHERE $1::date BETWEEN starts_on AND ends_on`,
    [REF],
  );
  if (!year.rows[0])
    year = await admin.query(
      `INSERT INTO academic_years (starts_on, ends_on) VALUES ('2027-09-01', '2028-08-31') RETURNING id`,
    );
  const yearId = year.rows[0]!.id;
  await resetRuns(admin, mun.id);
  const have = await admin.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM preschool_applications WHERE municipality_id = $1',
    [mun.id],
  );
  const loaded = have.rows[0]!.n;
  if (loaded !== 0 && loaded !== APPLICATIONS)
    throw new Error(`the bench municipality holds ${loaded} applications, not ${APPLICATIONS}`);
  let ms = 0;
  if (loaded === 0) {
    const t = performance.now();
    await admin.query('BEGIN');
    try {
      await admin.query(
        `INSERT INTO organizations (kind, full_name, short_name, legal_form, inn, kpp, ogrn, territory_id, head)
         SELECT 'preschool', 'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № ' || g || '»',
                'МБДОУ д/с № ' || g, '75403', '99' || lpad(g::text, 8, '0'), '990101001',
                '199' || lpad(g::text, 10, '0'), $1,
                '{"fullName": "Иванова Мария Петровна", "position": "Заведующий"}'
           FROM generate_series(1, ${KINDERGARTENS}) g`,
        [mun.id],
      );
      for (const q of LOAD_SQL) {
        const text = q
          .replaceAll('$MUN', `'${mun.id}'::uuid`)
          .replaceAll('$YEAR', `'${yearId}'::uuid`)
          .replaceAll('$OKTMO', `'${mun.oktmo}'`);
        await admin.query(text);
      }
      await admin.query('COMMIT');
    } catch (err) {
      await admin.query('ROLLBACK');
      throw err;
    }
    await admin.query(
      `ANALYZE persons, organizations, units, preschool_applications, preschool_application_preferences,
               preschool_application_rights, person_access`,
    );
    ms = Math.round(performance.now() - t);
  }
  return { munId: mun.id, oktmo: mun.oktmo, yearId, loadedMs: ms };
}

/**
 * Undoes the bench municipality's runs: their referrals and the events they wrote, the applications back
 * in the queue, the runs gone (groups, outcomes and documents cascade). The next round starts as this one.
 */
async function resetRuns(admin: pg.Client, munId: string) {
  await admin.query('BEGIN');
  try {
    await admin.query(
      `CREATE TEMP TABLE bench_referred ON COMMIT DROP AS
         SELECT DISTINCT r.application_id AS id FROM referrals r JOIN allocation_runs x ON x.id = r.run_id
          WHERE x.municipality_id = $1`,
      [munId],
    );
    await admin.query(
      `DELETE FROM referrals WHERE run_id IN (SELECT id FROM allocation_runs WHERE municipality_id = $1)`,
      [munId],
    );
    await admin.query(
      `DELETE FROM preschool_application_events
        WHERE kind = 'referral_issued' AND application_id IN (SELECT id FROM bench_referred)`,
    );
    await admin.query(
      `UPDATE preschool_applications SET status = 'queued', version = version + 1, updated_at = now()
        WHERE id IN (SELECT id FROM bench_referred) AND status = 'referred'`,
    );
    await admin.query('DELETE FROM allocation_runs WHERE municipality_id = $1', [munId]);
    await admin.query('COMMIT');
  } catch (err) {
    await admin.query('ROLLBACK');
    throw err;
  }
  // What autovacuum does between two runs in production: without it the next round scans the dead
  // outcomes and referrals of this one.
  await admin.query(
    `VACUUM (ANALYZE) allocation_runs, allocation_run_groups, allocation_outcomes, allocation_run_documents,
                      referrals, preschool_applications, preschool_application_events, person_access`,
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;

type Phases = { prepare: number; compute: number; approve: number; total: number };

export function preschoolAllocation(): Benchmark {
  const runs: Phases[] = [];
  const cliMs: number[] = [];
  const computePhases: Record<string, unknown>[] = [];
  const baselineMs: number[] = [];
  let facts: Record<string, unknown> = {};
  let tmp: string | null = null;
  let client: pg.Client | null = null;
  return {
    name: 'preschool-allocation',
    description:
      `preschool allocation of ${APPLICATIONS} applications, ${KINDERGARTENS} kindergartens, ${BANDS} age bands: ` +
      'the full run from the database through the API (prepare → start → poll until draft → approve; undone ' +
      'after each round) and `npm run allocate` on a generated snapshot file, vs the bare SQL reading the ' +
      'same applications and writing as many outcome rows, rolled back',
    async setup(ctx: BenchContext) {
      const q = await prepareQueue(ctx.admin, ctx.rootTerritoryId);
      const counts = await ctx.admin.query(
        `SELECT (SELECT count(*)::int FROM preschool_applications WHERE municipality_id = $1) AS applications,
                (SELECT count(*)::int FROM preschool_application_preferences p JOIN preschool_applications a
                    ON a.id = p.application_id WHERE a.municipality_id = $1) AS preferences,
                (SELECT count(*)::int FROM preschool_application_rights p JOIN preschool_applications a
                    ON a.id = p.application_id WHERE a.municipality_id = $1) AS rights,
                (SELECT count(*)::int FROM units u JOIN organizations o ON o.id = u.organization_id
                  WHERE o.territory_id = $1 AND u.kind = 'group') AS groups,
                (SELECT sum(u.capacity)::int FROM units u JOIN organizations o ON o.id = u.organization_id
                  WHERE o.territory_id = $1 AND u.kind = 'group') AS places`,
        [q.munId],
      );
      facts = { municipality: q.oktmo, loadedMs: q.loadedMs, ...counts.rows[0] };
      console.warn(`preschool-allocation: queue ${JSON.stringify(facts)}`);
      const u = await ensureUser(ctx.admin, 'bench-allocation', 'municipal_specialist', q.munId);
      const headers = await signInForWrites(ctx.appUrl, u.login, u.password);
      const api = `${ctx.appUrl}/api/v1`;
      const post = async (path: string, body: unknown) => {
        const res = await postJson(`${api}${path}`, headers, body);
        if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
        return JSON.parse(res.body) as {
          id: string;
          version: number;
          status: string;
          failure: string | null;
        };
      };
      const get = async (path: string) => {
        const res = await fetch(`${api}${path}`, { headers: { cookie: headers.cookie } });
        if (!res.ok) throw new Error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        return res.text();
      };

      tmp = mkdtempSync(join(tmpdir(), 'kontingent-allocation-'));
      const snapshotFile = join(tmp, 'snapshot.json');
      const snapshot = generateAllocationSnapshot(createRandom('allocation-1'), {
        ...DEFAULT_SHAPE,
        applications: APPLICATIONS,
        kindergartens: KINDERGARTENS,
        bands: BANDS,
      });
      // As `npm run queue:snapshot -- --out … --applications 100000 --kindergartens 500` writes it.
      writeFileSync(snapshotFile, JSON.stringify(snapshot));
      const dir = tmp;
      let verified = false;

      client = new pg.Client({ connectionString: ctx.adminUrl });
      await client.connect();
      const c = client;
      return [
        {
          name: 'database-run',
          description:
            'POST /allocation-runs, POST …/:id/start, GET …/:id every 100 ms until draft, POST …/:id/approve ' +
            '(municipal specialist); the harness time includes the untimed reset after it',
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'run',
            run: async () => {
              const t0 = performance.now();
              let run = await post('/allocation-runs', {
                municipalityId: q.munId,
                kind: 'main',
                referenceDate: REF,
              });
              const t1 = performance.now();
              run = await post(`/allocation-runs/${run.id}/start`, { version: run.version });
              while (run.status === 'preparing' || run.status === 'running') {
                await new Promise((ok) => setTimeout(ok, 100));
                run = JSON.parse(await get(`/allocation-runs/${run.id}`));
              }
              if (run.status !== 'draft') throw new Error(`run ended ${run.status}: ${run.failure}`);
              const t2 = performance.now();
              run = await post(`/allocation-runs/${run.id}/approve`, { version: run.version });
              const t3 = performance.now();
              if (run.status !== 'approved') throw new Error(`approval left the run ${run.status}`);
              runs.push({ prepare: t1 - t0, compute: t2 - t1, approve: t3 - t2, total: t3 - t0 });
              if (!verified) {
                // The stored result is what the CLI computes from the stored snapshot, byte for byte.
                const snap = join(dir, 'run-snapshot.json');
                const out = join(dir, 'run-result.json');
                writeFileSync(snap, await get(`/allocation-runs/${run.id}/snapshot.json`));
                await allocateCli(snap, out);
                const stored = await get(`/allocation-runs/${run.id}/result.json`);
                const same = readFileSync(out, 'utf8') === stored;
                facts = { ...facts, resultMatchesCli: same, resultBytes: stored.length };
                if (!same) throw new Error('result.json differs from what npm run allocate computes');
                verified = true;
              }
              // The job's result carries the computation's phase durations.
              const stats = await c.query(
                `SELECT r.stats, j.output FROM allocation_runs r LEFT JOIN pgboss.job j ON j.id = r.job_id
                  WHERE r.id = $1`,
                [run.id],
              );
              const phases = Object.fromEntries(
                Object.entries((stats.rows[0]?.output ?? {}) as Record<string, unknown>).filter(([k]) =>
                  k.endsWith('Ms'),
                ),
              );
              computePhases.push(phases);
              facts = { ...facts, stats: stats.rows[0]?.stats };
              await resetRuns(c, q.munId);
              return { units: 1 };
            },
          },
        },
        {
          name: 'cli',
          description: `node ${ALLOCATE_ARGS.join(' ')} --input snapshot.json --out result.json (${APPLICATIONS}/${KINDERGARTENS} generated snapshot)`,
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'run',
            run: async () => {
              cliMs.push(await allocateCli(snapshotFile, join(dir, 'result.json')));
              return { units: 1 };
            },
          },
        },
        {
          name: 'bare-sql',
          baseline: true,
          description: `${BASELINE_READ_SQL.replace(/\s+/g, ' ').trim().slice(0, 80)} … ; ${BASELINE_WRITE_SQL.replace(/\s+/g, ' ').trim().slice(0, 60)} …`,
          shape: { warmup: 0, duration: 0 },
          load: {
            kind: 'timed',
            unit: 'run',
            run: async () => {
              const t = performance.now();
              await c.query('BEGIN');
              try {
                const apps = await c.query<{ id: string; preferences: string[] | null }>(BASELINE_READ_SQL, [
                  q.munId,
                  REF,
                ]);
                await c.query(BASELINE_GROUPS_SQL, [q.munId, q.yearId]);
                await c.query(
                  `CREATE TEMP TABLE bench_outcomes (application_id uuid, outcome text, organization_id uuid,
                     rejected jsonb) ON COMMIT DROP`,
                );
                const rows = apps.rows;
                await c.query(BASELINE_WRITE_SQL, [
                  rows.map((a) => a.id),
                  rows.map((_, i) => (i % 4 === 3 ? 'outranked' : 'placed')),
                  rows.map((a, i) => (i % 4 === 3 ? null : (a.preferences?.[0] ?? null))),
                  rows.map(() => '[]'),
                ]);
              } finally {
                await c.query('ROLLBACK');
              }
              baselineMs.push(performance.now() - t);
              return { units: 1 };
            },
          },
        },
      ];
    },
    async details() {
      const pick = (k: keyof Phases) => median(runs.map((r) => r[k]));
      const total = pick('total');
      const cli = median(cliMs);
      const base = median(baselineMs);
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.warn(
        `preschool-allocation (median of ${runs.length}): database run ${s(total)} (target ≤ ${TARGET_RUN_SECONDS} s): ` +
          `prepare ${s(pick('prepare'))}, compute until draft ${s(pick('compute'))}, approve ${s(pick('approve'))}; ` +
          `cli ${s(cli)} (target ≤ ${TARGET_CLI_SECONDS} s); bare SQL ${s(base)}, run / bare ${(total / base).toFixed(1)}, ` +
          `cli / bare ${(cli / base).toFixed(2)}; computation phases per round ${JSON.stringify(computePhases)}; ` +
          JSON.stringify(facts),
      );
      return {
        targets: { cliSeconds: TARGET_CLI_SECONDS, runSeconds: TARGET_RUN_SECONDS },
        node: process.version,
        runs,
        cliMs,
        computePhases,
        baselineMs,
        medians: {
          prepare: pick('prepare'),
          compute: pick('compute'),
          approve: pick('approve'),
          total,
          cli,
          baseline: base,
        },
        factor: total / base,
        cliFactor: cli / base,
        baselineSql: [BASELINE_READ_SQL, BASELINE_GROUPS_SQL, BASELINE_WRITE_SQL],
        ...facts,
      };
    },
    async teardown() {
      await client?.end();
      client = null;
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      tmp = null;
    },
  };
}
