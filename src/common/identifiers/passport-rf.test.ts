import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizePassportNumber,
  normalizePassportRf,
  normalizePassportSeries,
  parsePassportRf,
  validatePassportRf,
} from './passport-rf.ts';
import { digitString } from './test-utils.ts';

describe('passport of a citizen of the Russian Federation', () => {
  it.each(['4510 123456', '45 10 123456', '4510123456', '4510 № 123456', '45 10 № 123456', ' 4510  123456 '])(
    '%j → 4510 123456',
    (raw) => {
      expect(validatePassportRf(raw)).toEqual({ valid: true, normalized: '4510 123456', problems: [] });
    },
  );

  it.each([
    ['', 'empty', 'Серия и номер паспорта не указаны'],
    [
      '45I0 123456',
      'bad_format',
      'Серия и номер паспорта могут содержать только цифры, например 4510 123456',
    ],
    [
      '4510-123456',
      'bad_format',
      'Серия и номер паспорта могут содержать только цифры, например 4510 123456',
    ],
    ['123456 7890', 'bad_format', 'Отделите 4 цифры серии от 6 цифр номера пробелом, например 4510 123456'],
    [
      '451012345',
      'bad_length',
      'Серия и номер паспорта вместе содержат 10 цифр: 4 цифры серии и 6 цифр номера (введено: 9)',
    ],
    ['451 123456', 'bad_series', 'Серия паспорта должна состоять из 4 цифр (введено: 3)'],
    ['4510 12345', 'bad_number', 'Номер паспорта должен состоять из 6 цифр (введено: 5)'],
  ])('%j → %s', (raw, code, detail) => {
    expect(validatePassportRf(raw)).toEqual({ valid: false, normalized: null, problems: [{ code, detail }] });
  });

  it('reports series and number problems together', () => {
    expect(validatePassportRf('451 12345').problems.map((p) => p.code)).toEqual(['bad_series', 'bad_number']);
  });

  it('normalises parts', () => {
    expect(normalizePassportSeries('45 10')).toBe('4510');
    expect(normalizePassportSeries('451')).toBeNull();
    expect(normalizePassportNumber('123456')).toBe('123456');
    expect(normalizePassportNumber('1234567')).toBeNull();
    expect(parsePassportRf('45 10 123456')).toEqual({ series: '4510', number: '123456' });
    expect(parsePassportRf('45 10')).toBeNull();
  });

  it('normalize is idempotent and keeps the digits', () => {
    fc.assert(
      fc.property(
        digitString(4),
        digitString(6),
        fc.constantFrom(' ', '', '  ', ' № '),
        fc.boolean(),
        (series, number, sep, split) => {
          const typedSeries = split ? `${series.slice(0, 2)} ${series.slice(2)}` : series;
          const raw = `${typedSeries}${sep}${number}`;
          const normalized = normalizePassportRf(raw);
          // "99 99999999" puts no boundary after 4 digits, so it is rejected rather than guessed.
          if (split && sep === '') {
            expect(normalized).toBeNull();
            return;
          }
          expect(normalized).toBe(`${series} ${number}`);
          expect(normalizePassportRf(normalized)).toBe(normalized);
        },
      ),
    );
  });
});
