import { describe, expect, it } from 'vitest';
import { splitSearchText } from './search-text.ts';

const today = new Date('2026-12-03T12:00:00Z');

describe('splitSearchText', () => {
  it('keeps up to three name words', () => {
    expect(splitSearchText('Иванова,  Мария Петровна Лишнее', today)).toEqual({
      words: ['Иванова', 'Мария', 'Петровна'],
      initials: [],
      birthDate: null,
      birthYear: null,
    });
  });

  it('reads a date among the words day first, in either written form', () => {
    expect(splitSearchText('Иванова 1.4.2015 Мария', today)).toEqual({
      words: ['Иванова', 'Мария'],
      initials: [],
      birthDate: '2015-04-01',
      birthYear: null,
    });
    expect(splitSearchText('2015-04-01 Иванова', today).birthDate).toBe('2015-04-01');
  });

  it('reads a four-digit year as the birth year', () => {
    expect(splitSearchText('Иванова Мария 2015', today)).toEqual({
      words: ['Иванова', 'Мария'],
      initials: [],
      birthDate: null,
      birthYear: 2015,
    });
  });

  it('reads initials after a surname, with or without dots and spaces', () => {
    for (const q of ['Ермолаева В.Н.', 'Ермолаева В. Н.', 'Ермолаева в н', 'В.Н. Ермолаева']) {
      const t = splitSearchText(q, today);
      expect(t.words, q).toEqual(['Ермолаева']);
      expect(
        t.initials.map((i) => i.toUpperCase()),
        q,
      ).toEqual(['В', 'Н']);
    }
  });

  it('refuses a date that does not exist or a year out of range, with the field path', () => {
    expect(() => splitSearchText('Иванова 31.02.2015', today)).toThrowError(/Нет такой даты/);
    expect(() => splitSearchText('Иванова 2027', today)).toThrowError(/Год рождения/);
    expect(() => splitSearchText('Иванова 1899', today)).toThrowError(/Год рождения/);
  });
});
