import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidOgrn,
  isValidOgrnip,
  makeOgrn,
  makeOgrnip,
  normalizeOgrn,
  normalizeOgrnip,
  ogrnCheckDigit,
  ogrnipCheckDigit,
  validateOgrn,
  validateOgrnip,
} from './ogrn.ts';
import { digitString, singleDigitMutations } from './test-utils.ts';

const mod = (digits: string, m: bigint) => Number(BigInt(digits) % m);

describe('ОГРН / ОГРНИП worked examples (§6.3)', () => {
  it.each(['1026901606610', '1027700132195', '1117746358608', '1037739010891'])(
    'ОГРН %s is valid',
    (ogrn) => {
      expect(validateOgrn(ogrn)).toEqual({ valid: true, normalized: ogrn, problems: [] });
    },
  );

  it.each(['304500116000157', '304463210700212'])('ОГРНИП %s is valid', (ogrnip) => {
    expect(validateOgrnip(ogrnip)).toEqual({ valid: true, normalized: ogrnip, problems: [] });
  });

  it('takes the remainder mod 10 (remainder 12 → 2)', () => {
    expect(mod('30446321070021', 13n)).toBe(12);
    expect(ogrnipCheckDigit('30446321070021')).toBe('2');
    expect(ogrnCheckDigit('102690160661')).toBe('0');
    expect(() => ogrnCheckDigit('1026901606')).toThrow(RangeError);
    expect(() => ogrnipCheckDigit('1026901606610')).toThrow(RangeError);
  });
});

describe('ОГРН / ОГРНИП input problems', () => {
  it.each([
    ['', 'empty', 'ОГРН не указан'],
    ['10269016066I0', 'bad_format', 'ОГРН может содержать только цифры'],
    ['102690160661', 'bad_length', 'ОГРН должен состоять из 13 цифр (введено: 12)'],
    [
      '304500116000157',
      'bad_length',
      'Указано 15 цифр — это похоже на ОГРНИП предпринимателя; ОГРН организации состоит из 13 цифр',
    ],
    ['1026901606611', 'bad_checksum', 'Контрольная цифра ОГРН не сходится: сверьте номер с документом'],
  ])('ОГРН %j → %s', (input, code, detail) => {
    expect(validateOgrn(input)).toEqual({ valid: false, normalized: null, problems: [{ code, detail }] });
  });

  it('rejects a first digit other than 1 or 5 even with a correct check digit', () => {
    const ogrn = makeOgrn('202690160661');
    expect(validateOgrn(ogrn).problems).toEqual([
      { code: 'bad_prefix', detail: 'ОГРН должен начинаться с 1 или 5' },
    ]);
    expect(isValidOgrn(makeOgrn('502690160661'))).toBe(true);
  });

  it('reports prefix and checksum together', () => {
    expect(validateOgrn('2026901606611').problems.map((p) => p.code)).toEqual(['bad_prefix', 'bad_checksum']);
  });

  it.each([
    ['', 'empty', 'ОГРНИП не указан'],
    [
      '1026901606610',
      'bad_length',
      'Указано 13 цифр — это похоже на ОГРН организации; ОГРНИП состоит из 15 цифр',
    ],
    ['30450011600015', 'bad_length', 'ОГРНИП должен состоять из 15 цифр (введено: 14)'],
    ['304500116000158', 'bad_checksum', 'Контрольная цифра ОГРНИП не сходится: сверьте номер с документом'],
    [makeOgrnip('10450011600015'), 'bad_prefix', 'ОГРНИП должен начинаться с 3'],
  ])('ОГРНИП %j → %s', (input, code, detail) => {
    expect(validateOgrnip(input)).toEqual({ valid: false, normalized: null, problems: [{ code, detail }] });
  });

  it('strips spaces', () => {
    expect(validateOgrn(' 1026901 606610').normalized).toBe('1026901606610');
    expect(normalizeOgrn('1026901606610 ')).toBe('1026901606610');
    expect(normalizeOgrnip('304 500 116 000 157')).toBe('304500116000157');
    expect(normalizeOgrnip('1026901606610')).toBeNull();
  });
});

describe('ОГРН / ОГРНИП properties', () => {
  it('check digits equal the §6.3 formulas', () => {
    fc.assert(
      fc.property(digitString(12), digitString(14), (p12, p14) => {
        expect(ogrnCheckDigit(p12)).toBe(String(mod(p12, 11n) % 10));
        expect(ogrnipCheckDigit(p14)).toBe(String(mod(p14, 13n) % 10));
      }),
    );
  });

  it('make* always produce valid numbers', () => {
    fc.assert(
      fc.property(digitString(12, ['1', '5']), digitString(14, ['3']), (p12, p14) => {
        expect(isValidOgrn(makeOgrn(p12))).toBe(true);
        expect(isValidOgrnip(makeOgrnip(p14))).toBe(true);
      }),
    );
  });

  it('normalize is idempotent', () => {
    const noisy = fc.string({ unit: fc.constantFrom('1', '3', '0', ' ', 'x'), maxLength: 20 });
    fc.assert(
      fc.property(noisy, (raw) => {
        for (const normalize of [normalizeOgrn, normalizeOgrnip]) {
          const once = normalize(raw);
          if (once !== null) expect(normalize(once)).toBe(once);
        }
      }),
    );
  });

  // Changing a prefix digit by δ (0 < |δ| ≤ 9) changes N by δ·10^j, j = its position from the right.
  // 10^j ≡ ±1 (mod 11) and 10^j is a unit mod 13, so N mod 11 (resp. 13) always changes. The check digit
  // is that residue mod 10, so a change goes unnoticed exactly when the residues differ by 10: 0 ↔ 10 for
  // ОГРН; 0 ↔ 10, 1 ↔ 11, 2 ↔ 12 for ОГРНИП. A changed first digit must also keep a valid признак.
  it('ОГРН: a single-digit change is caught unless the residue swaps 0 ↔ 10', () => {
    fc.assert(
      fc.property(digitString(12, ['1', '5']), (prefix) => {
        const ogrn = makeOgrn(prefix);
        const r = mod(prefix, 11n);
        for (const { index, mutated } of singleDigitMutations(ogrn)) {
          const r2 = mod(mutated.slice(0, 12), 11n);
          if (index < 12) expect(r2).not.toBe(r);
          const prefixOk = mutated[0] === '1' || mutated[0] === '5';
          expect(isValidOgrn(mutated)).toBe(prefixOk && index < 12 && Math.abs(r - r2) === 10);
        }
      }),
    );
  });

  it('ОГРНИП: a single-digit change is caught unless the residues differ by exactly 10', () => {
    fc.assert(
      fc.property(digitString(14, ['3']), (prefix) => {
        const ogrnip = makeOgrnip(prefix);
        const r = mod(prefix, 13n);
        for (const { index, mutated } of singleDigitMutations(ogrnip)) {
          const r2 = mod(mutated.slice(0, 14), 13n);
          if (index < 14) expect(r2).not.toBe(r);
          expect(isValidOgrnip(mutated)).toBe(mutated[0] === '3' && index < 14 && Math.abs(r - r2) === 10);
        }
      }),
    );
  });

  it('the collisions are real', () => {
    // 102690160661 ≡ 0 (mod 11); lowering the last prefix digit by 1 gives ≡ 10 → same check digit 0.
    expect(isValidOgrn('1026901606610')).toBe(true);
    expect(isValidOgrn('1026901606600')).toBe(true);
    // 30446321070021 ≡ 12 (mod 13); raising the last prefix digit by 3 gives ≡ 2 → same check digit 2.
    expect(isValidOgrnip('304463210700212')).toBe(true);
    expect(isValidOgrnip('304463210700242')).toBe(true);
  });
});
