import { openOwnerDatabase } from '../src/server/main.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { resolveAppLogin } from '../src/server/platform/db/app-login.ts';
import { migrate } from '../src/server/platform/db/migrate.ts';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
const config = loadConfig();
const { adminUrl, embedded } = await openOwnerDatabase(config);
try {
  const app = resolveAppLogin(config, adminUrl, embedded !== null);
  const r = await migrate(adminUrl, app, (m) => console.warn(m));
  console.warn(r.applied.length ? `Применено миграций: ${r.applied.length}` : 'Схема базы данных актуальна');
} finally {
  await embedded?.stop();
}
