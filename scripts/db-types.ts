import { writeFileSync } from 'node:fs';
import { startScratchPostgres } from '../src/server/platform/db/embedded.ts';
import { migrate } from '../src/server/platform/db/migrate.ts';
import { DB_TYPES_FILE, generateDbTypes } from './lib/db-types.ts';

/**
 * `npm run db:types`: migrates a throw-away embedded PostgreSQL and writes the Kysely types of the
 * result to src/server/platform/db/schema.ts.
 */
const server = await startScratchPostgres({
  tempPrefix: 'kontingent-dbtypes-',
  password: 'db-types',
  settings: { fsync: 'off', synchronous_commit: 'off' },
});
try {
  await migrate(server.url, null);
  writeFileSync(DB_TYPES_FILE, await generateDbTypes(server.url));
  console.warn(`Записано: ${DB_TYPES_FILE}`);
} finally {
  await server.stop();
}
