import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidKpp, normalizeKpp, validateKpp } from './kpp.ts';
import { itNormalizes } from './test-utils.ts';

describe('КПП', () => {
  itNormalizes(validateKpp, [
    ['690701001', '690701001'],
    ['7707AB001', '7707AB001'],
    ['7707ab001', '7707AB001'],
    ['6907 01 001', '690701001'],
  ]);

  it.each([
    ['', [['empty', 'КПП не указан']]],
    ['69070100', [['bad_length', 'КПП должен состоять из 9 символов (введено: 8)']]],
    [
      '69A701001',
      [
        [
          'bad_format',
          'КПП должен состоять из 4 цифр, 2 цифр или латинских букв и ещё 3 цифр, например 690701001',
        ],
      ],
    ],
    [
      '7707АВ001',
      [['bad_format', 'В КПП допускаются только латинские буквы; похоже, введены русские буквы']],
    ],
    [
      '7707АВ01',
      [
        ['bad_length', 'КПП должен состоять из 9 символов (введено: 8)'],
        ['bad_format', 'В КПП допускаются только латинские буквы; похоже, введены русские буквы'],
      ],
    ],
  ])('%j is rejected', (raw, problems) => {
    expect(validateKpp(raw)).toEqual({
      valid: false,
      normalized: null,
      problems: problems.map(([code, detail]) => ({ code, detail })),
    });
  });

  it('agrees with the §6.4 regex on arbitrary 9-character strings', () => {
    const unit = fc.constantFrom('0', '5', '9', 'A', 'Z', 'a', 'Б', '-');
    fc.assert(
      fc.property(fc.string({ unit, minLength: 9, maxLength: 9 }), (raw) => {
        expect(isValidKpp(raw)).toBe(/^\d{4}[\dA-Z]{2}\d{3}$/.test(raw.toUpperCase()));
        const once = normalizeKpp(raw);
        if (once !== null) expect(normalizeKpp(once)).toBe(once);
      }),
    );
  });
});
