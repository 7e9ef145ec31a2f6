import { describe, expect, it } from 'vitest';
import { runTimedLoad } from './timed-runner.ts';

const tick = () => new Promise((r) => setTimeout(r, 2));

describe('timed load', () => {
  it('keeps `concurrency` calls in flight and numbers the calls of each phase from 0', async () => {
    let inFlight = 0;
    let most = 0;
    const calls: number[] = [];
    const out = await runTimedLoad(
      {
        kind: 'timed',
        unit: 'call',
        concurrency: 4,
        run: async (call) => {
          calls.push(call);
          most = Math.max(most, ++inFlight);
          await tick();
          inFlight--;
          return { units: 1 };
        },
      },
      { connections: 1, warmup: 0.02, duration: 0.02 },
    );
    expect(most).toBe(4);
    const measured = calls.slice(out.warmupUnits);
    expect([...measured].sort((a, b) => a - b)).toEqual(measured.map((_, i) => i));
    expect(out.measurement.total).toBe(measured.length);
    expect(out.measurement.p95).toBeGreaterThan(0);
  });

  it('runs a unit of work once per loop when the duration is zero', async () => {
    let calls = 0;
    const out = await runTimedLoad(
      {
        kind: 'timed',
        unit: 'report',
        run: async () => {
          calls++;
          return { units: 1 };
        },
      },
      { connections: 1, warmup: 0, duration: 0 },
    );
    expect(calls).toBe(1);
    expect(out.measurement.total).toBe(1);
  });
});
