import type { RunShape } from './http-runner.ts';
import type { RunOutcome, TimedLoad } from './types.ts';

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

/**
 * Calls the unit of work back to back in `load.concurrency` loops (default 1): for `warmup` seconds
 * unmeasured, then for `duration` seconds (each loop at least once). Calls are numbered from 0 in each
 * phase, so variants that pick their input by that number measure the same inputs in the same order.
 * Latency is the time of one call; throughput is units processed per second.
 */
export async function runTimedLoad(load: TimedLoad, shape: RunShape): Promise<RunOutcome> {
  const loops = Math.max(1, load.concurrency ?? 1);
  const warmEnd = performance.now() + shape.warmup * 1000;
  let warmupUnits = 0;
  let call = 0;
  const warm = async () => {
    while (performance.now() < warmEnd) {
      // Not `warmupUnits += await …`: that reads the sum before the await, and parallel loops would
      // overwrite each other's counts.
      const done = (await load.run(call++)).units;
      warmupUnits += done;
    }
  };
  await Promise.all(Array.from({ length: loops }, warm));
  const times: number[] = [];
  let units = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + shape.duration * 1000;
  call = 0;
  const measure = async () => {
    do {
      const t = performance.now();
      try {
        const done = (await load.run(call++)).units;
        units += done;
      } catch (err) {
        errors++;
        if (errors === 1) console.warn(`timed load failed: ${String(err)}`);
      }
      times.push(performance.now() - t);
    } while (performance.now() < end);
  };
  await Promise.all(Array.from({ length: loops }, measure));
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const measurement = {
    throughput: units / seconds,
    unit: load.unit,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p97_5: percentile(times, 97.5),
    p99: percentile(times, 99),
    total: units,
    errors,
    non2xx: 0,
    durationSeconds: seconds,
  };
  return { measurement, warmupUnits, clientCpuUs: null };
}
