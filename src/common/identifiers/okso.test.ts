import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidOkso, normalizeOkso, oksoLevel, validateOkso } from './okso.ts';
import { digitString } from './test-utils.ts';

describe('ОКСО', () => {
  it.each(['09.02.07', '09.02.06', '09.01.01', '11.02.15', '42.02.01', '09.02.12'])('%s is valid', (code) => {
    expect(validateOkso(code)).toEqual({ valid: true, normalized: code, problems: [] });
    expect(validateOkso(code, { spoOnly: true }).valid).toBe(true);
  });

  it.each(['09.00.07', '9.02.07', '09.2.07', '09.02.7', '090207', '230000', '09,02,07', '09.10.01'])(
    '%s has a bad format',
    (code) => {
      expect(validateOkso(code).problems).toEqual([
        {
          code: 'bad_format',
          detail: 'Код профессии или специальности должен иметь вид 00.00.00, например 09.02.07',
        },
      ]);
    },
  );

  it('accepts any level by default but only 01/02 when spoOnly is set', () => {
    expect(isValidOkso('09.03.01')).toBe(true);
    expect(validateOkso('09.03.01', { spoOnly: true })).toEqual({
      valid: false,
      normalized: null,
      problems: [
        {
          code: 'bad_level',
          detail:
            'Код 09.03.01 не относится к СПО (уровень 03 — бакалавриат): ' +
            'у профессий и специальностей СПО в середине кода стоит 01 или 02',
        },
      ],
    });
    expect(validateOkso('31.08.01', { spoOnly: true }).problems[0]?.detail).toContain(
      'подготовка кадров высшей квалификации',
    );
  });

  it('reports empty input', () => {
    expect(validateOkso(' ').problems).toEqual([
      { code: 'empty', detail: 'Код профессии или специальности не указан' },
    ]);
  });

  it('level is the middle pair and spoOnly accepts exactly 01 and 02', () => {
    fc.assert(
      fc.property(digitString(2), fc.integer({ min: 1, max: 9 }), digitString(2), (group, level, number) => {
        const code = `${group}.0${level}.${number}`;
        expect(normalizeOkso(` ${code} `)).toBe(code);
        expect(oksoLevel(code)).toBe(`0${level}`);
        expect(isValidOkso(code, { spoOnly: true })).toBe(level <= 2);
      }),
    );
  });
});
