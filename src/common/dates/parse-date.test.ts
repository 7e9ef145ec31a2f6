import { describe, expect, it } from 'vitest';
import { displayDate, parseDate, todayIso } from './parse-date.ts';

describe('parseDate', () => {
  it.each([
    ['1.4.2019', '2019-04-01'],
    ['01.04.2019', '2019-04-01'],
    ['01042019', '2019-04-01'],
    ['1/4/2019', '2019-04-01'],
    ['1-4-2019', '2019-04-01'],
    [' 29.02.2020 ', '2020-02-29'],
    ['31.12.1999', '1999-12-31'],
  ])('reads %s day first as %s', (text, iso) => {
    expect(parseDate(text)).toEqual({ kind: 'date', iso });
  });

  it.each([
    ['31.02.2019', 'Нет такой даты: 31.02.2019'],
    ['29.02.2019', 'Нет такой даты: 29.02.2019'],
    ['00.00.0000', 'Нет месяца с номером 00'],
    ['00.01.2019', 'Нет такой даты: 00.01.2019'],
    ['01.13.2019', 'Нет месяца с номером 13'],
    ['2019-04-01', 'Введите дату в виде ДД.ММ.ГГГГ, например 01.09.2019'],
    ['1.4.19', 'Введите дату в виде ДД.ММ.ГГГГ, например 01.09.2019'],
    ['0104201', 'Введите дату в виде ДД.ММ.ГГГГ, например 01.09.2019'],
    ['вчера', 'Введите дату в виде ДД.ММ.ГГГГ, например 01.09.2019'],
    ['01.01.1899', 'Дата не может быть раньше 01.01.1900'],
  ])('refuses %s with a message', (text, message) => {
    expect(parseDate(text)).toEqual({ kind: 'invalid', message });
  });

  it('applies the limits it is given', () => {
    expect(parseDate('02.12.2026', { max: '2026-12-01' })).toEqual({
      kind: 'invalid',
      message: 'Дата не может быть позже 01.12.2026',
    });
    expect(parseDate('01.12.2026', { max: '2026-12-01' })).toEqual({ kind: 'date', iso: '2026-12-01' });
    expect(parseDate('31.08.2020', { min: '2020-09-01' }).kind).toBe('invalid');
  });

  it('treats blank as empty', () => {
    expect(parseDate('   ')).toEqual({ kind: 'empty' });
  });

  it('formats and dates today in the local calendar', () => {
    expect(displayDate('2019-04-01')).toBe('01.04.2019');
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
