import { fork } from 'node:child_process';
import { type LoadSpec, measureHttp } from './load-client.ts';
import type { HttpLoad, RunOutcome } from './types.ts';

export type RunShape = { connections: number; duration: number; warmup: number };

/**
 * 'inline' (the default) runs autocannon in the server's process, as the method asks unless that distorts.
 * Measured on the 2-core machine (organization-card at c03a3b3, 3 rounds of 5 s, modes alternated): ratios
 * inline 0.47, 0.50, 0.47 vs child 0.51, 0.53, 0.37 and bare throughput 2067-2193 vs 1833-2151 req/s: no
 * difference beyond the noise, because the machine is CPU-bound either way (Node, PostgreSQL and the load
 * generator share two cores). 'child' forks load-child.ts instead; use it to profile the server with
 * --cpu-prof or to read the server's own CPU per request, which inline mode mixes with autocannon's.
 */
export type ClientMode = 'child' | 'inline';

export async function runHttpLoad(load: HttpLoad, shape: RunShape, mode: ClientMode): Promise<RunOutcome> {
  const spec: LoadSpec = {
    url: load.url,
    paths: load.paths,
    method: load.method ?? 'GET',
    headers: load.headers ?? {},
    body: load.body,
    ...shape,
  };
  if (mode === 'inline') return { ...(await measureHttp(spec)), clientCpuUs: null };
  return inChild(spec);
}

type ChildAnswer = { ok: true; outcome: RunOutcome } | { ok: false; error: string };

function inChild(spec: LoadSpec): Promise<RunOutcome> {
  // Empty execArgv: a --cpu-prof given to the parent must profile the server, not the load generator.
  const child = fork(new URL('./load-child.ts', import.meta.url), [], { execArgv: [], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.once('message', (answer: ChildAnswer) => {
      answered = true;
      if (answer.ok) resolve(answer.outcome);
      else reject(new Error(`load generator failed: ${answer.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`load generator exited with code ${code} before answering`));
    });
    child.send(spec);
  });
}
