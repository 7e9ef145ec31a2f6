import { describe, expect, it } from 'vitest';
import {
  IDENTIFIER_PROBLEM_CODES,
  IDENTIFIER_TYPES,
  type IdentifierType,
  isIdentifierType,
  isValidInn,
  isValidKpp,
  isValidOgrn,
  isValidSnils,
  validateIdentifier,
} from './index.ts';

const SAMPLES: Record<IdentifierType, { valid: string; invalid: string; code: string }> = {
  snils: { valid: '123-456-789 64', invalid: '123-456-789 65', code: 'bad_checksum' },
  inn: { valid: '500100732259', invalid: '500100732258', code: 'bad_checksum' },
  ogrn: { valid: '1026901606610', invalid: '3026901606610', code: 'bad_prefix' },
  ogrnip: { valid: '304500116000157', invalid: '304500116000158', code: 'bad_checksum' },
  kpp: { valid: '690701001', invalid: '6907010011', code: 'bad_length' },
  birth_certificate: { valid: 'IV-АБ № 123456', invalid: 'VV-АБ 123456', code: 'bad_series' },
  passport_rf: { valid: '45 10 123456', invalid: '4510 12345', code: 'bad_number' },
  okso: { valid: '09.03.01', invalid: '09.3.01', code: 'bad_format' },
};

describe('validateIdentifier', () => {
  it.each(IDENTIFIER_TYPES)('dispatches %s', (type) => {
    const sample = SAMPLES[type];
    expect(validateIdentifier(type, sample.valid).valid).toBe(true);
    const result = validateIdentifier(type, sample.invalid);
    expect(result.valid).toBe(false);
    expect(result.normalized).toBeNull();
    expect(result.problems.map((p) => p.code)).toContain(sample.code);
  });

  it.each(IDENTIFIER_TYPES)('reports empty %s as "empty"', (type) => {
    expect(validateIdentifier(type, '  ').problems.map((p) => p.code)).toEqual(['empty']);
  });

  it('only emits documented problem codes with Russian details', () => {
    for (const type of IDENTIFIER_TYPES) {
      for (const value of ['', SAMPLES[type].invalid, 'x', '12', '1234567890123456']) {
        for (const p of validateIdentifier(type, value).problems) {
          expect(IDENTIFIER_PROBLEM_CODES).toContain(p.code);
          expect(p.detail).toMatch(/[А-Яа-яЁё]/);
        }
      }
    }
  });

  it('rejects unknown types at run time', () => {
    expect(isIdentifierType('snils')).toBe(true);
    expect(isIdentifierType('okpo')).toBe(false);
    expect(() => validateIdentifier('okpo' as IdentifierType, '1')).toThrow(RangeError);
  });

  it('keeps the permissive defaults: any ИНН length, any ОКСО level', () => {
    expect(validateIdentifier('inn', '6907006968').valid).toBe(true);
    expect(validateIdentifier('okso', '09.03.01').valid).toBe(true);
  });
});

describe('boolean helpers', () => {
  it('mirror the validators', () => {
    expect(isValidSnils('112-233-445 95')).toBe(true);
    expect(isValidSnils('112-233-445 96')).toBe(false);
    expect(isValidInn('6907006968')).toBe(true);
    expect(isValidInn('500100732259', { length: 10 })).toBe(false);
    expect(isValidOgrn('1027700132195')).toBe(true);
    expect(isValidOgrn('1027700132196')).toBe(false);
    expect(isValidKpp('690701001')).toBe(true);
    expect(isValidKpp('69070100')).toBe(false);
  });
});

describe('checksum answers', () => {
  // A message naming the expected control digits invites "fixing" a mistyped number into a valid wrong one.
  it('never reveal the expected control digits', () => {
    const wrongLast = (s: string) => s.slice(0, -1) + String((Number(s.at(-1)) + 1) % 10);
    const samples: Array<[IdentifierType, string]> = [];
    for (let i = 0; i < 200; i++) {
      const body = String(100_000_000 + i * 4_999_991).slice(0, 9);
      samples.push(['snils', wrongLast(`${body}00`)], ['snils', `${body}99`]);
      samples.push(['inn', wrongLast(`50010073${String(1000 + i).slice(-4)}`)]);
      samples.push(['inn', wrongLast(`77070838${String(10 + i).padStart(2, '0')}`)]);
      samples.push(['ogrn', wrongLast(`10269016066${String(i % 100).padStart(2, '0')}`)]);
    }
    let checked = 0;
    for (const [type, value] of samples) {
      for (const p of validateIdentifier(type, value).problems) {
        if (p.code !== 'bad_checksum') continue;
        checked++;
        expect(p.detail, `${type} ${value}`).not.toMatch(/\d/);
      }
    }
    // The samples are built to fail the checksum; most of them must have been checked.
    expect(checked).toBeGreaterThan(500);
  });
});
