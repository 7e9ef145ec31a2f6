import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_SHAPE, generateAllocationSnapshot } from '../src/generator/queue/allocation-snapshot.ts';
import { createRandom } from '../src/generator/random.ts';

/**
 * `npm run queue:snapshot -- --out snapshot.json [--applications 100000] [--kindergartens 500] [--seed 1]`:
 * a synthetic allocation snapshot in the inspection format, for `npm run allocate` and its benchmark.
 */
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'snapshot.json' },
    applications: { type: 'string', default: String(DEFAULT_SHAPE.applications) },
    kindergartens: { type: 'string', default: String(DEFAULT_SHAPE.kindergartens) },
    seed: { type: 'string', default: '1' },
  },
});
const snapshot = generateAllocationSnapshot(createRandom(`allocation-${values.seed}`), {
  ...DEFAULT_SHAPE,
  applications: Number(values.applications),
  kindergartens: Number(values.kindergartens),
});
await writeFile(values.out, JSON.stringify(snapshot));
process.stderr.write(
  `Снимок: ${snapshot.applications.length} заявлений, ${snapshot.kindergartens.length} ДОО → ${values.out}\n`,
);
