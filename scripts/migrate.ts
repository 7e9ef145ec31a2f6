import { parseArgs } from 'node:util';
import { openOwnerDatabase } from '../src/server/main.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { resolveAppLogin } from '../src/server/platform/db/app-login.ts';
import { migrate } from '../src/server/platform/db/migrate.ts';
import { grantJobQueue } from '../src/server/platform/jobs/grant-job-queue.ts';

/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database), runs every
 * unfinished backfill to its end, online ones included, and exits.
 *   --rebuild <name>     rebuild a derived table in batches (person_cards, person_access); repeatable.
 *                        An interrupted rebuild of the same name continues where it stopped.
 *   --batch-size <n>     keys per batch (default 500)
 *   --migrations-dir <d> another migrations directory (tests)
 */
const { values } = parseArgs({
  options: {
    rebuild: { type: 'string', multiple: true, default: [] },
    'batch-size': { type: 'string' },
    'migrations-dir': { type: 'string' },
  },
});
const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
  throw new Error('--batch-size must be a positive integer');
}
const config = loadConfig();
const { adminUrl, embedded } = await openOwnerDatabase(config);
try {
  const app = resolveAppLogin(config, adminUrl, embedded !== null);
  const r = await migrate(adminUrl, app, (m) => console.warn(m), {
    backfills: 'all',
    rebuild: values.rebuild,
    batchSize,
    dir: values['migrations-dir'],
  });
  await grantJobQueue(adminUrl, app.role);
  console.warn(r.applied.length ? `Применено миграций: ${r.applied.length}` : 'Схема базы данных актуальна');
} finally {
  await embedded?.stop();
}
