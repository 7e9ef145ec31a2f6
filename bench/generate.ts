// npm run generate -- --learners N --seed S [--database-url URL] [--no-persons] [--truth FILE] [--summary]
// Builds the synthetic Иркутская область with its learners and representatives and loads it into PostgreSQL;
// the logic lives in src/generator/.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { contingentCsv, contingentFile } from '../src/generator/contingent-file.ts';
import {
  generateRegion,
  loadHistories,
  loadPersons,
  loadRegion,
  type PersonsOptions,
  summarizePersons,
  summarizeRegion,
} from '../src/generator/index.ts';

const USAGE = `Usage: npm run generate -- --learners N --seed S [--database-url URL | --summary]
  --learners N          learners in the synthetic region (default 2000)
  --seed S              seed; the same seed gives the same region (default 38)
  --duplicate-share X   share of learners with a planted near-duplicate record (default 0.005)
  --database-url URL    PostgreSQL with migrations applied (default: $DATABASE_URL)
  --no-persons          load organizations only
  --no-histories        persons without education histories (programmes, units, orders, placements)
  --truth FILE          write the planted duplicate pairs and twin pairs as JSON (ground truth)
  --summary             print what would be generated as JSON, without a database
  --contingent-file F   instead: write a school's contingent import file (CSV) to F, its planted bad rows
                        to F.planted.json, without a database
  --contingent-rows N   rows of that file (default 100000)`;

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '38' },
    'duplicate-share': { type: 'string' },
    'database-url': { type: 'string' },
    'no-persons': { type: 'boolean', default: false },
    'no-histories': { type: 'boolean', default: false },
    truth: { type: 'string' },
    summary: { type: 'boolean', default: false },
    'contingent-file': { type: 'string' },
    'contingent-rows': { type: 'string', default: '100000' },
    help: { type: 'boolean', default: false },
  },
});

const learners = Number(values.learners);
const duplicateShare =
  values['duplicate-share'] === undefined ? undefined : Number(values['duplicate-share']);
const badShare = duplicateShare !== undefined && !(duplicateShare >= 0 && duplicateShare <= 1);
if (values.help || !Number.isInteger(learners) || learners < 1 || badShare) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
if (values['contingent-file']) {
  const rows = Number(values['contingent-rows']);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(USAGE);
    process.exit(2);
  }
  // The classes of a school with three parallels, the file of its current school year.
  const units = Array.from({ length: 11 }, (_, g) =>
    ['А', 'Б', 'В'].map((l) => ({ name: `${g + 1}${l}`, grade: g + 1 })),
  ).flat();
  const file = contingentFile({ rows, seed: values.seed, units, startedOn: '2026-09-01' });
  writeFileSync(values['contingent-file'], contingentCsv(file));
  writeFileSync(`${values['contingent-file']}.planted.json`, `${JSON.stringify(file.planted, null, 1)}\n`);
  process.stdout.write(
    `${JSON.stringify({ rows, planted: file.planted.length, file: values['contingent-file'] })}\n`,
  );
  process.exit(0);
}

const withPersons = !values['no-persons'];
const personsOptions: PersonsOptions = { learners, seed: values.seed, duplicateShare };

const started = performance.now();
const region = generateRegion({ learners, seed: values.seed });
const generatedMs = Math.round(performance.now() - started);

if (values.summary) {
  const persons = withPersons ? summarizePersons(region, personsOptions) : null;
  const totalMs = Math.round(performance.now() - started);
  const out = { learners, seed: values.seed, generatedMs, totalMs, ...summarizeRegion(region), persons };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.exit(0);
}

const url = values['database-url'] ?? process.env.DATABASE_URL;
if (!url) {
  console.error('No database: pass --database-url URL or set DATABASE_URL (migrations must be applied),');
  console.error('or use --summary to see what would be generated.\n');
  console.error(USAGE);
  process.exit(2);
}

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const loaded = await loadRegion(client, region);
  const regionMs = Math.round(performance.now() - started);
  let persons = null;
  if (withPersons) {
    const { planted, twins, linked: _linked, ...counts } = await loadPersons(client, region, personsOptions);
    if (values.truth) writeFileSync(values.truth, `${JSON.stringify({ planted, twins }, null, 1)}\n`);
    const plantedByKind: Record<string, number> = {};
    for (const p of planted) plantedByKind[p.kind] = (plantedByKind[p.kind] ?? 0) + 1;
    persons = { ...counts, plantedByKind, twins: twins.length };
  }
  const histories =
    withPersons && !values['no-histories']
      ? await loadHistories(client, region, { seed: values.seed })
      : null;
  const totalMs = Math.round(performance.now() - started);
  const out = { learners, seed: values.seed, generatedMs, regionMs, totalMs, loaded, persons, histories };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await client.end();
}
