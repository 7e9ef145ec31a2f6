import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatSnils,
  isValidSnils,
  makeSnils,
  normalizeSnils,
  SNILS_CHECKSUM_THRESHOLD,
  snilsControl,
  validateSnils,
} from './snils.ts';
import { digitString, itNormalizesIdempotently, singleDigitMutations, weightedSum } from './test-utils.ts';

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, 1];

// The ПФР algorithm exactly as written in domain notes §6.1, kept independent of the implementation.
function referenceControl(body9: string): number {
  const s = weightedSum(body9, WEIGHTS);
  let c = s < 100 ? s : s === 100 || s === 101 ? 0 : s % 101;
  if (c === 100) c = 0;
  return c;
}

const checkedBody = fc
  .integer({ min: SNILS_CHECKSUM_THRESHOLD + 1, max: 999_999_999 })
  .map((n) => String(n).padStart(9, '0'));

describe('СНИЛС worked examples (§6.1)', () => {
  it.each([
    ['112-233-445 95', '11223344595'],
    ['123-456-789 64', '12345678964'],
    ['087-654-303 00', '08765430300'],
    ['001-326-679 00', '00132667900'],
    ['001-508-816 00', '00150881600'],
    ['017-996-174 00', '01799617400'],
  ])('%s is valid', (input, normalized) => {
    expect(validateSnils(input)).toEqual({ valid: true, normalized, problems: [] });
    expect(snilsControl(normalized.slice(0, 9))).toBe(normalized.slice(9));
  });

  it('covers every branch of the algorithm', () => {
    expect(weightedSum('112233445', WEIGHTS)).toBe(95);
    expect(weightedSum('001326679', WEIGHTS)).toBe(100);
    expect(weightedSum('001508816', WEIGHTS)).toBe(101);
    expect(weightedSum('017996174', WEIGHTS) % 101).toBe(100);
  });

  it('rejects a wrong control number with the expected value in the message', () => {
    expect(validateSnils('123-456-789 65')).toEqual({
      valid: false,
      normalized: null,
      problems: [
        { code: 'bad_checksum', detail: 'Контрольное число СНИЛС не сходится: сверьте номер с документом' },
      ],
    });
  });
});

describe('СНИЛС below the checksum threshold', () => {
  it('accepts numbers up to 001-001-998 whatever their control number', () => {
    expect(validateSnils('001-001-998 00').valid).toBe(true);
    expect(validateSnils('001-001-998 57').valid).toBe(true);
    expect(validateSnils('000-000-001 99').valid).toBe(true);
  });

  it('checks 001-001-999 and above', () => {
    const control = snilsControl('001001999');
    const wrong = control === '00' ? '01' : '00';
    expect(validateSnils(`001-001-999 ${control}`).valid).toBe(true);
    expect(validateSnils(`001-001-999 ${wrong}`).problems[0]?.code).toBe('bad_checksum');
  });
});

describe('СНИЛС input problems', () => {
  it.each([
    ['', 'empty', 'СНИЛС не указан'],
    ['   ', 'empty', 'СНИЛС не указан'],
    ['123-456-789', 'bad_length', 'СНИЛС должен состоять из 11 цифр (введено: 9)'],
    ['123-456-789 640', 'bad_length', 'СНИЛС должен состоять из 11 цифр (введено: 12)'],
    [
      '123.456.789 64',
      'bad_format',
      'СНИЛС может содержать только цифры, пробелы и дефисы, например 123-456-789 64',
    ],
    [
      '123-45б-789 64',
      'bad_format',
      'СНИЛС может содержать только цифры, пробелы и дефисы, например 123-456-789 64',
    ],
  ])('%j → %s', (input, code, detail) => {
    expect(validateSnils(input)).toEqual({ valid: false, normalized: null, problems: [{ code, detail }] });
  });

  it('treats null and undefined as empty', () => {
    expect(validateSnils(null).problems[0]?.code).toBe('empty');
    expect(validateSnils(undefined).problems[0]?.code).toBe('empty');
  });

  it('accepts separators people paste from documents', () => {
    expect(validateSnils('123 456 789 64').normalized).toBe('12345678964');
    expect(validateSnils('123\u2013456\u2013789\u00a064').normalized).toBe('12345678964');
    expect(validateSnils('  12345678964 ').normalized).toBe('12345678964');
  });
});

describe('СНИЛС helpers', () => {
  it('formats as XXX-XXX-XXX YY', () => {
    expect(formatSnils('12345678964')).toBe('123-456-789 64');
    expect(formatSnils('123 456 789 64')).toBe('123-456-789 64');
    expect(() => formatSnils('1234')).toThrow(RangeError);
  });

  it('refuses malformed bodies in snilsControl and makeSnils', () => {
    expect(() => snilsControl('12345678')).toThrow(RangeError);
    expect(() => makeSnils('12345678a')).toThrow(RangeError);
  });

  it('normalizeSnils returns 11 digits or null', () => {
    expect(normalizeSnils('123-456-789 64')).toBe('12345678964');
    expect(normalizeSnils('123-456-789 6')).toBeNull();
    expect(normalizeSnils('abc')).toBeNull();
    expect(normalizeSnils(null)).toBeNull();
  });
});

describe('СНИЛС properties', () => {
  it('snilsControl equals the literal ПФР algorithm for every body', () => {
    fc.assert(
      fc.property(digitString(9), (body) => {
        expect(Number(snilsControl(body))).toBe(referenceControl(body));
      }),
    );
  });

  it('makeSnils always produces a valid number', () => {
    fc.assert(
      fc.property(digitString(9), (body) => {
        const snils = makeSnils(body);
        expect(snils).toMatch(/^\d{11}$/);
        expect(isValidSnils(snils)).toBe(true);
      }),
    );
  });

  it('format then normalize round-trips, and normalize is idempotent', () => {
    fc.assert(
      fc.property(digitString(11), (d) => {
        expect(normalizeSnils(formatSnils(d))).toBe(d);
        expect(normalizeSnils(normalizeSnils(formatSnils(d)))).toBe(d);
        expect(formatSnils(formatSnils(d))).toBe(formatSnils(d));
      }),
    );
  });

  itNormalizesIdempotently(normalizeSnils, ['1', '2', '0', '-', ' ', 'a', '\u2013']);

  // Changing body digit i by δ changes S by w·δ with 0 < |w·δ| ≤ 81 < 101, and 101 is prime, so S mod 101
  // always changes. The control is (S mod 101) mod 100, so the only collision is residues 0 ↔ 100, which
  // needs w·δ ≡ ±1 (mod 101): the last body digit (weight 1) changed by ±1. A changed control digit is
  // always caught. A change that drops the body to ≤ 001-001-998 is accepted by design.
  it('a single-digit change is rejected unless it hits the threshold or the 0 ↔ 100 collision', () => {
    fc.assert(
      fc.property(checkedBody, (body) => {
        const snils = makeSnils(body);
        const residue = weightedSum(body, WEIGHTS) % 101;
        for (const { index, delta, mutated } of singleDigitMutations(snils)) {
          const mutatedBody = mutated.slice(0, 9);
          const mutatedResidue = weightedSum(mutatedBody, WEIGHTS) % 101;
          if (index < 9) expect(mutatedResidue).not.toBe(residue);
          const belowThreshold = Number(mutatedBody) <= SNILS_CHECKSUM_THRESHOLD;
          const collision =
            index === 8 &&
            Math.abs(delta) === 1 &&
            residue + mutatedResidue === 100 &&
            residue * mutatedResidue === 0;
          expect(isValidSnils(mutated)).toBe(belowThreshold || collision);
        }
      }),
    );
  });

  it('the 0 ↔ 100 collision is real', () => {
    // 087-654-303: S = 202 ≡ 0; 087-654-302: S = 201 ≡ 100 → both have control 00.
    expect(isValidSnils('08765430300')).toBe(true);
    expect(isValidSnils('08765430200')).toBe(true);
  });
});
