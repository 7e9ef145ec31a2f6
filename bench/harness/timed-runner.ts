import type { RunShape } from './http-runner.ts';
import type { RunOutcome, TimedLoad } from './types.ts';

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

/**
 * Calls the unit of work back to back: for `warmup` seconds unmeasured, then for `duration` seconds (at
 * least once). Latency is the time of one call; throughput is units processed per second.
 */
export async function runTimedLoad(load: TimedLoad, shape: RunShape): Promise<RunOutcome> {
  const warmEnd = performance.now() + shape.warmup * 1000;
  let warmupUnits = 0;
  while (performance.now() < warmEnd) warmupUnits += (await load.run()).units;
  const times: number[] = [];
  let units = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + shape.duration * 1000;
  do {
    const t = performance.now();
    try {
      units += (await load.run()).units;
    } catch (err) {
      errors++;
      if (errors === 1) console.warn(`timed load failed: ${String(err)}`);
    }
    times.push(performance.now() - t);
  } while (performance.now() < end);
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const measurement = {
    throughput: units / seconds,
    unit: load.unit,
    p50: percentile(times, 50),
    p97_5: percentile(times, 97.5),
    p99: percentile(times, 99),
    total: units,
    errors,
    non2xx: 0,
    durationSeconds: seconds,
  };
  return { measurement, warmupUnits, clientCpuUs: null };
}
