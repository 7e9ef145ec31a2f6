// npm run generate -- --learners N --seed S [--database-url URL] [--summary]
// Builds the synthetic Иркутская область and loads it into PostgreSQL; the logic lives in bench/generator/.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateRegion, loadRegion, summarizeRegion } from './generator/index.ts';

const USAGE = `Usage: npm run generate -- --learners N --seed S [--database-url URL | --summary]
  --learners N        learners in the synthetic region (default 2000)
  --seed S            seed; the same seed gives the same region (default 38)
  --database-url URL  PostgreSQL with migrations applied (default: $DATABASE_URL)
  --summary           print what would be generated as JSON, without a database`;

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '38' },
    'database-url': { type: 'string' },
    summary: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const learners = Number(values.learners);
if (values.help || !Number.isInteger(learners) || learners < 1) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const started = performance.now();
const region = generateRegion({ learners, seed: values.seed });
const generatedMs = Math.round(performance.now() - started);

if (values.summary) {
  process.stdout.write(
    `${JSON.stringify({ learners, seed: values.seed, generatedMs, ...summarizeRegion(region) }, null, 2)}\n`,
  );
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
  const totalMs = Math.round(performance.now() - started);
  process.stdout.write(`${JSON.stringify({ learners, seed: values.seed, generatedMs, totalMs, loaded })}\n`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await client.end();
}
