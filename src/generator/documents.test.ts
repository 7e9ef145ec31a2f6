import { describe, expect, it } from 'vitest';
import { isValidSnils } from '../common/identifiers/index.ts';
import { SnilsIssuer } from './documents.ts';
import { OrderedIds } from './ids.ts';
import { Permutation } from './permutation.ts';
import { createRandom } from './random.ts';

describe('identifiers unique by construction', () => {
  it('permutes a range onto itself', () => {
    for (const size of [10, 1000, 4097]) {
      const p = new Permutation(size, createRandom(`perm-${size}`));
      const seen = new Set<number>();
      for (let i = 0; i < size; i++) {
        const y = p.apply(i);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThan(size);
        seen.add(y);
      }
      expect(seen.size).toBe(size);
    }
    expect(() => new Permutation(10, createRandom(1)).apply(10)).toThrow(RangeError);
  });

  it('issues valid distinct СНИЛС and skips reserved ones', () => {
    const first = new SnilsIssuer(createRandom('snils'));
    const issued = Array.from({ length: 5000 }, () => first.next());
    expect(issued.every((s) => isValidSnils(s) && Number(s.slice(0, 9)) > 1_001_998)).toBe(true);
    expect(new Set(issued).size).toBe(issued.length);
    const again = new SnilsIssuer(createRandom('snils'), [issued[1] as string, issued[3] as string]);
    const next = Array.from({ length: 4 }, () => again.next());
    expect(next).toEqual([issued[0], issued[2], issued[4], issued[5]]);
  });

  it('orders ids by issue, as version-7 UUIDs', () => {
    const ids = new OrderedIds(createRandom('ids'));
    const list = Array.from({ length: 2000 }, () => ids.next());
    expect([...list].sort()).toEqual(list);
    expect(new Set(list).size).toBe(list.length);
    for (const id of list) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const beside = ids.besideLast(createRandom('other'));
    expect(beside.slice(0, 13)).toBe((list.at(-1) as string).slice(0, 13));
  });
});
