import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_APP_PASSWORD, TEST_APP_ROLE } from './global-setup.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export type ChildServer = {
  base: string;
  process: ChildProcess;
  /** Every JSON log line the server printed so far. */
  logs: Record<string, unknown>[];
  /** SIGKILL: no shutdown hook runs, as when a machine loses power. */
  kill: () => Promise<void>;
  /** SIGTERM: the graceful stop of scripts/start.ts. */
  stop: () => Promise<void>;
};

/**
 * `npm start`'s entry (scripts/start.ts) in a process of its own on an existing database, in production
 * mode (no demo data, no web build), connecting as the restricted login role. Resolves once it answers.
 */
export async function startChildServer(dbUrl: string, port: number): Promise<ChildServer> {
  const base = `http://127.0.0.1:${port}`;
  const keyDir = mkdtempSync(join(tmpdir(), 'kt-key-'));
  const child = spawn(join(ROOT, 'node_modules/.bin/node'), ['scripts/start.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      DATABASE_APP_ROLE: TEST_APP_ROLE,
      DATABASE_APP_PASSWORD: TEST_APP_PASSWORD,
      DATABASE_POOL_SIZE: '5',
      PORT: String(port),
      PUBLIC_URL: base,
      DEMO_ACCOUNTS: 'false',
      DEMO_IDP: 'false',
      LOG_LEVEL: 'info',
      PSEUDONYM_KEY_FILE: join(keyDir, 'pseudonym.key'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        // not a log line
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
    const up = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 1200) throw new Error(`the server did not start: ${stderr}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const signal = (sig: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { base, process: child, logs, kill: signal('SIGKILL'), stop: signal('SIGTERM') };
}

/** Signs in with a password through the API; the session works on every server of the database. */
export async function apiSession(base: string, login: string, password: string) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (!r.ok) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('kt_session='))!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}
