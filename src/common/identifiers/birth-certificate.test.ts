import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizeBirthCertificate,
  normalizeBirthCertNumber,
  normalizeBirthCertSeries,
  parseBirthCertificate,
  validateBirthCertificate,
} from './birth-certificate.ts';
import { digitString, itNormalizes } from './test-utils.ts';

function toRoman(n: number): string {
  const parts: [number, string][] = [
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = n;
  let out = '';
  for (const [value, symbol] of parts) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

const CANONICAL_ROMANS = new Set(Array.from({ length: 399 }, (_, i) => toRoman(i + 1)));
const CYRILLIC = [...'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'];
const LOOKALIKES: Record<string, string[]> = {
  X: ['Х', 'х'],
  C: ['С', 'с'],
  L: ['Л', 'л'],
  V: ['У', 'у'],
  I: ['І', '1'],
};

describe('birth certificate series normaliser (§6.5 vectors)', () => {
  it.each([
    ['IV-АИ', 'IV-АИ'],
    ['iv-аи', 'IV-АИ'],
    ['IX БМ', 'IX-БМ'],
    ['ХХ-СХ', 'XX-СХ'],
    ['УI-АБ', 'VI-АБ'],
    ['IVАИ', 'IV-АИ'],
    ['XXI-ОВ', 'XXI-ОВ'],
    ['1V-АБ', 'IV-АБ'],
    ['IV\u2013АБ', 'IV-АБ'],
    ['CCCXCIX-ЯЯ', 'CCCXCIX-ЯЯ'],
    // The excluded-letters list seen in one test-data generator is deliberately not enforced.
    ['II-ЁЪ', 'II-ЁЪ'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeBirthCertSeries(raw)).toBe(expected);
  });

  it.each([
    'IIII-АБ',
    'VV-АБ',
    'XXXX-АБ',
    'IL-АБ',
    'VX-АБ',
    'CCCC-АБ',
    'LL-АБ',
    '-АБ',
    'IV-A1',
    'IV-AB',
    'IV-А',
    'IV-АБВ',
    'CD-АБ',
    'IV',
    '',
    'IV-АБ-',
  ])('%j is rejected', (raw) => {
    expect(normalizeBirthCertSeries(raw)).toBeNull();
  });

  it('accepts exactly the canonical Roman numerals 1..399', () => {
    for (const roman of CANONICAL_ROMANS) expect(normalizeBirthCertSeries(`${roman}-АБ`)).toBe(`${roman}-АБ`);
    // Exhaustive over every string of up to 5 Roman letters, then random longer ones.
    let strings = [''];
    for (let length = 1; length <= 5; length++) {
      strings = strings.flatMap((prefix) => [...'IVXLC'].map((c) => prefix + c));
      for (const roman of strings) {
        expect(normalizeBirthCertSeries(`${roman}-ЖК`) !== null, roman).toBe(CANONICAL_ROMANS.has(roman));
      }
    }
    const romanish = fc.string({
      unit: fc.constantFrom('I', 'V', 'X', 'L', 'C'),
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(romanish, (roman) => {
        expect(normalizeBirthCertSeries(`${roman}-ЖК`) !== null).toBe(CANONICAL_ROMANS.has(roman));
      }),
    );
  });
});

describe('birth certificate value', () => {
  itNormalizes(validateBirthCertificate, [
    ['IV-АБ 123456', 'IV-АБ 123456'],
    ['IV-АБ № 123456', 'IV-АБ 123456'],
    ['IV-АБ №123456', 'IV-АБ 123456'],
    ['IV-АБ123456', 'IV-АБ 123456'],
    ['ivаб 123456', 'IV-АБ 123456'],
    ['  IV - АБ   123456 ', 'IV-АБ 123456'],
    ['ХХ-СХ 000001', 'XX-СХ 000001'],
  ]);

  it.each([
    ['', 'empty', 'Серия и номер свидетельства о рождении не указаны'],
    ['123456', 'bad_series', 'Не указана серия свидетельства о рождении, например IV-АБ 123456'],
    ['IV-АБ', 'bad_number', 'Не указан номер свидетельства о рождении (6 цифр), например IV-АБ 123456'],
    ['IV-АБ 12345', 'bad_number', 'Номер свидетельства о рождении должен состоять из 6 цифр (введено: 5)'],
    [
      'IV-AB 123456',
      'bad_series',
      'Буквы в серии свидетельства о рождении должны быть русскими, например IV-АБ 123456',
    ],
    [
      'IIII-АБ 123456',
      'bad_series',
      'Римское число «IIII» в серии записано неверно: ' +
        'используйте латинские буквы I, V, X, L, C, например IV-АБ 123456',
    ],
    [
      '-АБ 123456',
      'bad_series',
      'В серии свидетельства о рождении нет римского числа перед буквами, например IV-АБ 123456',
    ],
    [
      'IV-A1 123456',
      'bad_series',
      'Буквы в серии свидетельства о рождении должны быть русскими, например IV-АБ 123456',
    ],
    [
      '4-АБ 123456',
      'bad_series',
      'Римское число «4» в серии записано неверно: ' +
        'используйте латинские буквы I, V, X, L, C, например IV-АБ 123456',
    ],
  ])('%j → %s', (raw, code, detail) => {
    expect(validateBirthCertificate(raw)).toEqual({
      valid: false,
      normalized: null,
      problems: [{ code, detail }],
    });
  });

  it('reports series and number problems together', () => {
    expect(validateBirthCertificate('VV-АБ 1234').problems.map((p) => p.code)).toEqual([
      'bad_series',
      'bad_number',
    ]);
  });

  it('parses into canonical parts', () => {
    expect(parseBirthCertificate('iv аб № 123456')).toEqual({ series: 'IV-АБ', number: '123456' });
    expect(parseBirthCertificate('IV-АБ 12345')).toBeNull();
    expect(normalizeBirthCertNumber(' 123456 ')).toBe('123456');
    expect(normalizeBirthCertNumber('12345a')).toBeNull();
  });

  it('recognises any way of typing a valid certificate', () => {
    const roman = fc.integer({ min: 1, max: 399 }).map(toRoman);
    const letters = fc
      .tuple(fc.constantFrom(...CYRILLIC), fc.constantFrom(...CYRILLIC))
      .map(([a, b]) => a + b);
    const typedRoman = fc
      .tuple(roman, fc.array(fc.nat(2), { minLength: 9, maxLength: 9 }), fc.boolean())
      .map(([r, choices, lower]) => {
        const typed = [...r].map((c, i) => {
          const alternatives = LOOKALIKES[c] ?? [];
          const pick = choices[i] ?? 0;
          return pick === 0 || alternatives.length === 0 ? c : (alternatives[pick - 1] ?? c);
        });
        return { canonical: r, typed: lower ? typed.join('').toLowerCase() : typed.join('') };
      });
    fc.assert(
      fc.property(
        typedRoman,
        letters,
        fc.boolean(),
        fc.constantFrom('-', '', ' - ', '\u2013', ' '),
        fc.constantFrom(' ', '', ' № ', '№', '  '),
        digitString(6),
        (r, l, lowerLetters, hyphen, separator, number) => {
          const raw = `${r.typed}${hyphen}${lowerLetters ? l.toLowerCase() : l}${separator}${number}`;
          const expected = `${r.canonical}-${l} ${number}`;
          expect(validateBirthCertificate(raw).normalized).toBe(expected);
          expect(normalizeBirthCertificate(expected)).toBe(expected);
        },
      ),
    );
  });
});
