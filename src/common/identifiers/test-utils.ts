import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { IdentifierResult } from './types.ts';

const DIGIT_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function digitString(length: number, first?: readonly string[]): fc.Arbitrary<string> {
  const rest = fc.string({ unit: fc.constantFrom(...DIGIT_CHARS), minLength: length, maxLength: length });
  if (!first) return rest;
  return fc.tuple(fc.constantFrom(...first), rest).map(([head, tail]) => head + tail.slice(1));
}

export type DigitMutation = { index: number; delta: number; mutated: string };

// Every way to change exactly one digit to a different digit: 9 × length variants.
export function singleDigitMutations(value: string): DigitMutation[] {
  const mutations: DigitMutation[] = [];
  for (let index = 0; index < value.length; index++) {
    const original = Number(value[index]);
    for (let digit = 0; digit <= 9; digit++) {
      if (digit === original) continue;
      mutations.push({
        index,
        delta: digit - original,
        mutated: value.slice(0, index) + String(digit) + value.slice(index + 1),
      });
    }
  }
  return mutations;
}

export function weightedSum(digits: string, weights: readonly number[]): number {
  return weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
}

/** Each raw input is accepted and normalized to the given form, with no problems. */
export function itNormalizes(validate: (raw: string) => IdentifierResult, cases: [string, string][]): void {
  it.each(cases)('%j → %j', (raw, normalized) => {
    expect(validate(raw)).toEqual({ valid: true, normalized, problems: [] });
  });
}

/** Normalizing a normalized value changes nothing, for any mix of the given characters. */
export function itNormalizesIdempotently(normalize: (raw: string) => string | null, chars: string[]): void {
  it('normalize is idempotent on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...chars) }), (raw) => {
        const once = normalize(raw);
        if (once !== null) expect(normalize(once)).toBe(once);
      }),
    );
  });
}
