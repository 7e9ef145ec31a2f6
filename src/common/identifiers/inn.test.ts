import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { innCheckDigits, isValidInn, makeInn10, makeInn12, normalizeInn, validateInn } from './inn.ts';
import { digitString, itNormalizesIdempotently, singleDigitMutations, weightedSum } from './test-utils.ts';

const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

const isZeroTenSwap = (a: number, b: number) => a + b === 10 && a * b === 0;

describe('ИНН worked examples (§6.2)', () => {
  it.each(['6907006968', '7707083893', '7707083950', '500100732259'])('%s is valid', (inn) => {
    expect(validateInn(inn)).toEqual({ valid: true, normalized: inn, problems: [] });
  });

  it('computes the check digits from the prefix', () => {
    expect(innCheckDigits('690700696')).toBe('8');
    expect(innCheckDigits('770708389')).toBe('3');
    expect(innCheckDigits('770708395')).toBe('0');
    expect(innCheckDigits('5001007322')).toBe('59');
    expect(weightedSum('770708395', W10) % 11).toBe(10);
    expect(() => innCheckDigits('12345678')).toThrow(RangeError);
    expect(() => innCheckDigits('12345678901')).toThrow(RangeError);
  });

  it('reports a wrong check digit', () => {
    expect(validateInn('6907006969').problems).toEqual([
      { code: 'bad_checksum', detail: 'Контрольная цифра ИНН не сходится: сверьте номер с документом' },
    ]);
    expect(validateInn('500100732258').problems).toEqual([
      { code: 'bad_checksum', detail: 'Контрольные цифры ИНН не сходятся: сверьте номер с документом' },
    ]);
  });
});

describe('ИНН input problems', () => {
  it.each([
    ['', {}, 'empty', 'ИНН не указан'],
    ['69070069б8', {}, 'bad_format', 'ИНН может содержать только цифры'],
    [
      '690700696',
      {},
      'bad_length',
      'ИНН должен состоять из 10 цифр у организации или из 12 цифр у физического лица (введено: 9)',
    ],
    ['690700696', { length: 10 }, 'bad_length', 'ИНН организации должен состоять из 10 цифр (введено: 9)'],
    [
      '500100732259',
      { length: 10 },
      'bad_length',
      'Указан ИНН физического лица (12 цифр), а для организации нужен ИНН из 10 цифр',
    ],
    [
      '6907006968',
      { length: 12 },
      'bad_length',
      'Указан ИНН организации (10 цифр), а нужен ИНН физического лица из 12 цифр',
    ],
    [
      '69070069681',
      { length: 12 },
      'bad_length',
      'ИНН физического лица должен состоять из 12 цифр (введено: 11)',
    ],
  ] as const)('%j %j → %s', (input, options, code, detail) => {
    expect(validateInn(input, options)).toEqual({
      valid: false,
      normalized: null,
      problems: [{ code, detail }],
    });
  });

  it('accepts the required length and strips spaces', () => {
    expect(isValidInn('6907006968', { length: 10 })).toBe(true);
    expect(isValidInn('500100732259', { length: 12 })).toBe(true);
    expect(validateInn(' 6907 006 968 ').normalized).toBe('6907006968');
  });

  it('normalizeInn keeps only 10 or 12 digits', () => {
    expect(normalizeInn('6907 006968')).toBe('6907006968');
    expect(normalizeInn('69070069681')).toBeNull();
    expect(normalizeInn(undefined)).toBeNull();
  });
});

describe('ИНН properties', () => {
  it('innCheckDigits equals the §6.2 formulas', () => {
    const chk = (digits: string, weights: number[]) => String((weightedSum(digits, weights) % 11) % 10);
    fc.assert(
      fc.property(digitString(9), digitString(10), (p9, p10) => {
        expect(innCheckDigits(p9)).toBe(chk(p9, W10));
        const n11 = chk(p10, W11);
        expect(innCheckDigits(p10)).toBe(n11 + chk(p10 + n11, W12));
      }),
    );
  });

  it('makeInn10 / makeInn12 always produce a valid ИНН of the right length', () => {
    fc.assert(
      fc.property(digitString(9), digitString(10), (p9, p10) => {
        expect(validateInn(makeInn10(p9), { length: 10 }).valid).toBe(true);
        expect(validateInn(makeInn12(p10), { length: 12 }).valid).toBe(true);
        expect(makeInn10(p9).startsWith(p9)).toBe(true);
        expect(makeInn12(p10).startsWith(p10)).toBe(true);
      }),
    );
  });

  itNormalizesIdempotently(normalizeInn, ['5', '0', '7', ' ', '-']);

  // Changing digit i by δ (0 < |δ| ≤ 9) changes the weighted sum by w·δ; every weight is coprime to 11,
  // so the sum mod 11 always changes. But the check digit is (sum mod 11) mod 10, so residues 0 and 10
  // both give 0: single-digit errors that swap 0 ↔ 10 go undetected. This asserts exactly that.
  it('10 digits: a single-digit change is caught unless the residue swaps 0 ↔ 10', () => {
    fc.assert(
      fc.property(digitString(9), (prefix) => {
        const inn = makeInn10(prefix);
        const r = weightedSum(inn, W10) % 11;
        for (const { index, mutated } of singleDigitMutations(inn)) {
          const r2 = weightedSum(mutated, W10) % 11;
          if (index < 9) expect(r2).not.toBe(r);
          expect(isValidInn(mutated)).toBe(index < 9 && isZeroTenSwap(r, r2));
        }
      }),
    );
  });

  it('12 digits: a single-digit change is caught unless both residues swap 0 ↔ 10', () => {
    fc.assert(
      fc.property(digitString(10), (prefix) => {
        const inn = makeInn12(prefix);
        const r11 = weightedSum(inn, W11) % 11;
        const r12 = weightedSum(inn, W12) % 11;
        for (const { index, mutated } of singleDigitMutations(inn)) {
          const m11 = weightedSum(mutated, W11) % 11;
          const m12 = weightedSum(mutated, W12) % 11;
          const undetected = index < 10 && isZeroTenSwap(r11, m11) && isZeroTenSwap(r12, m12);
          expect(isValidInn(mutated)).toBe(undetected);
        }
      }),
    );
  });

  it('the 0 ↔ 10 collision is real', () => {
    // 7707083950 has residue 10; changing the first digit 7 → 2 subtracts 2·5 = 10, giving residue 0.
    expect(isValidInn('7707083950')).toBe(true);
    expect(isValidInn('2707083950')).toBe(true);
  });
});
