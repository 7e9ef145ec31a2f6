import autocannon from 'autocannon';
import { ownCpu } from './cpu.ts';
import type { RunOutcome } from './types.ts';

export type LoadSpec = {
  url: string;
  paths: string[];
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body: string | undefined;
  connections: number;
  duration: number;
  warmup: number;
};

/** Warms up, then measures one HTTP load with autocannon. */
export async function measureHttp(spec: LoadSpec): Promise<RunOutcome> {
  const cpuStart = ownCpu();
  const { paths } = spec;
  if (paths.length === 0) throw new Error('an HTTP load needs at least one path');
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.duration,
    timeout: 10,
    ...(spec.warmup > 0 ? { warmup: { connections: spec.connections, duration: spec.warmup } } : {}),
    requests: [
      {
        method: spec.method,
        headers: spec.headers,
        ...(spec.body === undefined ? {} : { body: spec.body }),
        // One counter shared by all connections: consecutive requests hit different rows.
        setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }),
      },
    ],
  });
  const measurement = {
    throughput: result.requests.total / result.duration,
    unit: 'req',
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    responses2xx: result['2xx'] + (result.warmup?.['2xx'] ?? 0),
    durationSeconds: result.duration,
  };
  return { measurement, warmupUnits: result.warmup?.requests.total ?? 0, clientCpuUs: ownCpu() - cpuStart };
}
