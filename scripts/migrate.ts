import { openOwnerDatabase } from '../src/server/main.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { migrate } from '../src/server/platform/db/migrate.ts';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
const config = loadConfig();
const { adminUrl, embedded } = await openOwnerDatabase(config);
try {
  const r = await migrate(adminUrl, config.databaseAppUrl ? null : config.databaseAppRole, (m) =>
    console.warn(m),
  );
  console.warn(r.applied.length ? `Применено миграций: ${r.applied.length}` : 'Схема базы данных актуальна');
} finally {
  await embedded?.stop();
}
