import { fork } from 'node:child_process';
import { type LoadSpec, measureHttp } from './load-client.ts';
import type { HttpLoad, Measurement } from './types.ts';

export type RunShape = { connections: number; duration: number; warmup: number };

/**
 * 'child' (the default) runs autocannon in its own Node process. In the server's process autocannon's own
 * HTTP parsing and histogram work shares the event loop with the server under test: every request costs
 * client + server time on one thread, which lowers both variants and pulls their ratio towards 1 (measured:
 * see bench/README.md). A child process competes for the 2 cores instead, equally for both variants.
 * 'inline' is kept to repeat that comparison.
 */
export type ClientMode = 'child' | 'inline';

export async function runHttpLoad(load: HttpLoad, shape: RunShape, mode: ClientMode): Promise<Measurement> {
  const spec: LoadSpec = {
    url: load.url,
    paths: load.paths,
    method: load.method ?? 'GET',
    headers: load.headers ?? {},
    body: load.body,
    ...shape,
  };
  if (mode === 'inline') return measureHttp(spec);
  return inChild(spec);
}

type ChildAnswer = { ok: true; measurement: Measurement } | { ok: false; error: string };

function inChild(spec: LoadSpec): Promise<Measurement> {
  // Empty execArgv: a --cpu-prof given to the parent must profile the server, not the load generator.
  const child = fork(new URL('./load-child.ts', import.meta.url), [], { execArgv: [], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.once('message', (answer: ChildAnswer) => {
      answered = true;
      if (answer.ok) resolve(answer.measurement);
      else reject(new Error(`load generator failed: ${answer.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`load generator exited with code ${code} before answering`));
    });
    child.send(spec);
  });
}
