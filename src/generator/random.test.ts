import { describe, expect, it } from 'vitest';
import { createRandom, dayNumber, isoFromDay, WeightedPicker } from './random.ts';

const draw = (seed: string | number, n = 20) => {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => rng.uint32());
};

describe('Random', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    expect(draw(38)).toEqual(draw('38'));
    expect(draw(38)).not.toEqual(draw(39));
  });

  it('forks streams that are independent of draws on the parent', () => {
    const a = createRandom(1);
    const b = createRandom(1);
    b.uint32();
    expect(a.fork('persons').uint32()).toBe(b.fork('persons').uint32());
    expect(a.fork('persons').uint32()).not.toBe(a.fork('organizations').uint32());
  });

  it('keeps int, date and digits inside their bounds', () => {
    const rng = createRandom('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const v = rng.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
      const d = rng.date('2020-02-27', '2020-03-01');
      expect(d >= '2020-02-27' && d <= '2020-03-01').toBe(true);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(rng.digits(12)).toMatch(/^\d{12}$/);
  });

  it('converts between ISO dates and day numbers', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(isoFromDay(dayNumber('2024-02-29'))).toBe('2024-02-29');
  });

  it('draws version-4 UUIDs', () => {
    const rng = createRandom(5);
    for (let i = 0; i < 100; i++) {
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRandom(2).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});

describe('WeightedPicker', () => {
  it('follows the weights and never picks a zero weight', () => {
    const picker = new WeightedPicker(['a', 'b', 'c', 'never'], [1, 3, 6, 0]);
    const rng = createRandom('weights');
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, never: 0 };
    for (let i = 0; i < 100_000; i++) {
      const k = picker.pick(rng);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts.never).toBe(0);
    expect((counts.a as number) / 100_000).toBeCloseTo(0.1, 1);
    expect((counts.b as number) / 100_000).toBeCloseTo(0.3, 1);
    expect((counts.c as number) / 100_000).toBeCloseTo(0.6, 1);
  });

  it('rejects empty lists and bad weights', () => {
    expect(() => new WeightedPicker([], [])).toThrow(RangeError);
    expect(() => new WeightedPicker(['a'], [-1])).toThrow(RangeError);
    expect(() => new WeightedPicker(['a', 'b'], [0, 0])).toThrow(RangeError);
  });
});
