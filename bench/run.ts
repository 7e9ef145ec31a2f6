// npm run bench [-- names...] [--learners N] [--seed S] [--duration S] [--keep]  (--help: all)
// Runs the named benchmarks (default: all) against one generated region and writes bench/results/<name>.json.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startBenchApp } from './harness/app.ts';
import { postgresCpu } from './harness/cpu.ts';
import { openBenchDatabase } from './harness/database.ts';
import { prepareHistories } from './harness/histories.ts';
import type { ClientMode } from './harness/http-runner.ts';
import { type PreparedPersons, preparePersons } from './harness/persons.ts';
import { prepareRegion } from './harness/region.ts';
import { formatTable, machineInfo, writeResult } from './harness/report.ts';
import { runRounds } from './harness/rounds.ts';
import type { BenchContext, BenchParams } from './harness/types.ts';
import { BENCHMARKS } from './registry.ts';

const USAGE = `Usage: npm run bench -- [names...] [options]
  names               benchmarks to run (default: all): ${BENCHMARKS.map((b) => b().name).join(', ')}
  --learners N        learners in the generated region (default 1000000)
  --seed S            generator seed (default 38)
  --duration S        measured seconds per variant per round (default 10)
  --warmup S          unmeasured seconds before each measured run (default 3)
  --rounds R          rounds of alternating variants; the median round is reported (default 3)
  --connections C     concurrent HTTP connections (default 10)
  --client MODE       inline (default): load generator in this process; child: in a child process
  --variants A,B      run only these variants of each benchmark (e.g. to profile one with --cpu-prof)
  --diagnostics       also run the diagnostic variants that split a gap into its causes
  --keep              keep the embedded PostgreSQL and its loaded data in data/bench-pg for the next run
  --duplicate-share X share of planted duplicate persons, when persons are loaded (default: generator's)
Database: DATABASE_URL if set (an owner role), otherwise an embedded PostgreSQL: throw-away, or with --keep
the one in data/bench-pg. A database that already holds the region (and persons) is reused as it is.
BENCH_PG_LOG=<file> appends the embedded server's log to the file (with auto_explain loaded in the kept
cluster's postgresql.auto.conf, the plans of slow statements inside triggers too).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    learners: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '38' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    client: { type: 'string', default: 'inline' },
    variants: { type: 'string' },
    diagnostics: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'duplicate-share': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const params: BenchParams = {
  learners: Number(values.learners),
  seed: values.seed,
  duration: Number(values.duration),
  warmup: Number(values.warmup),
  rounds: Number(values.rounds),
  connections: Number(values.connections),
};
const client = values.client as ClientMode;
const duplicateShare = values['duplicate-share'] === undefined ? null : Number(values['duplicate-share']);
const all = BENCHMARKS.map((make) => make());
const unknown = positionals.filter((n) => !all.some((b) => b.name === n));
const invalid =
  !Number.isInteger(params.learners) ||
  params.learners < 1 ||
  !(params.duration > 0) ||
  !(params.warmup >= 0) ||
  !Number.isInteger(params.rounds) ||
  params.rounds < 1 ||
  !Number.isInteger(params.connections) ||
  params.connections < 1 ||
  (client !== 'child' && client !== 'inline') ||
  (duplicateShare !== null && !(duplicateShare >= 0 && duplicateShare < 1));
if (values.help || invalid || unknown.length > 0) {
  if (unknown.length > 0) console.error(`Unknown benchmark: ${unknown.join(', ')}`);
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
const onlyVariants = values.variants?.split(',');
const selected = positionals.length ? all.filter((b) => positionals.includes(b.name)) : all;

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const database = await openBenchDatabase(process.env, { keep: values.keep });
const cleanups: (() => Promise<void>)[] = [database.stop];
const cleanup = async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((err) => console.error(err));
};
// Ctrl-C must not leave an embedded PostgreSQL running (in a temp directory, or holding data/bench-pg).
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  const app = await startBenchApp(database.adminUrl);
  cleanups.push(app.server.stop);
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  cleanups.push(() => admin.end());
  const region = await prepareRegion(admin, params.learners, params.seed);
  console.warn(
    `[${elapsed()}] region: ${region.organizations} organizations ${region.loaded ? 'loaded' : 'reused'} ` +
      `in ${region.ms} ms`,
  );
  let persons: PreparedPersons | null = null;
  const needsHistories = selected.some((b) => b.needs?.includes('histories'));
  if (needsHistories || selected.some((b) => b.needs?.includes('persons'))) {
    persons = await preparePersons(admin, region.region, {
      learners: params.learners,
      seed: params.seed,
      duplicateShare,
    });
    console.warn(
      `[${elapsed()}] persons: ${persons.persons} ${persons.loaded ? 'loaded' : 'reused'} in ${persons.ms} ms`,
    );
  }
  if (needsHistories) {
    const h = await prepareHistories(admin, region.region, params.seed);
    console.warn(
      `[${elapsed()}] histories: ${h.movements} movements ${h.loaded ? 'loaded' : 'reused'} in ${h.ms} ms`,
    );
  }
  const machine = await machineInfo(admin);
  const backend = await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pgCpu = postgresCpu(backend.rows[0]!.pid);
  const ctx: BenchContext = {
    params,
    adminUrl: database.adminUrl,
    admin,
    region: region.region,
    rootTerritoryId: region.rootTerritoryId,
    persons,
    app: app.server,
    appUrl: app.url,
    poolSize: app.poolSize,
  };
  for (const bench of selected) {
    // One benchmark failing (e.g. a module it measures is not there yet) does not cancel the others.
    const offered = await bench.setup(ctx).catch((err: unknown) => {
      console.error(`${bench.name}: setup failed, not run:`, err);
      process.exitCode = 1;
      return null;
    });
    if (!offered) {
      await bench.teardown?.().catch((err) => console.error(err));
      continue;
    }
    const variants = offered.filter((v) =>
      onlyVariants ? onlyVariants.includes(v.name) : values.diagnostics || !v.diagnostic,
    );
    try {
      const results = await runRounds(variants, params, {
        mode: client,
        postgresCpu: pgCpu,
        onRun: (variant, round, m) =>
          console.warn(
            `[${elapsed()}] ${bench.name} round ${round} ${variant}: ` +
              `${m.throughput.toFixed(0)} ${m.unit}/s, ` +
              `p50 ${m.p50} ms, p99 ${m.p99} ms, errors ${m.errors}, non-2xx ${m.non2xx}, ` +
              `CPU µs/${m.unit}: server ${m.cpu.server}, postgres ${m.cpu.postgres ?? '—'}, ` +
              `client ${m.cpu.client ?? '—'}`,
          ),
      });
      process.stdout.write(`${formatTable(bench.name, results, client)}\n`);
      const file = writeResult({
        name: bench.name,
        description: bench.description,
        date: new Date().toISOString(),
        machine,
        parameters: {
          ...params,
          client,
          database: database.kind,
          organizations: region.organizations,
          ...(persons ? { persons: persons.persons, personsLoadedWith: persons.loadedWith } : {}),
        },
        variants: results,
        ...(bench.details ? { details: await bench.details(results) } : {}),
      });
      console.warn(`wrote ${file}`);
    } finally {
      await bench.teardown?.();
    }
  }
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
  console.warn(`total ${elapsed()}`);
}
