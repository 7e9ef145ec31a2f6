import { describe, expect, it } from 'vitest';
import { toLatin, withTypo, yoToE } from './person-queries.ts';

describe('search strings derived from real names', () => {
  it('spells a name in Latin letters as a passport does', () => {
    expect(toLatin('Щукин')).toBe('Shchukin');
    expect(toLatin('Юлия')).toBe('Iuliia');
    expect(toLatin('Фёдор')).toBe('Fedor');
    expect(toLatin('Хабибуллина')).toBe('Khabibullina');
  });

  it('mistypes exactly one letter, never the first', () => {
    for (const name of ['Смирнова', 'Ким', 'Ли', 'Хайруллин', 'Анна']) {
      const typo = withTypo(name);
      expect(typo).toHaveLength(name.length);
      expect(typo[0]).toBe(name[0]);
      expect([...typo].filter((ch, i) => ch !== name[i])).toHaveLength(1);
    }
  });

  it('writes ё as е in both cases', () => {
    expect(yoToE('Фёдоров Артём')).toBe('Федоров Артем');
    expect(yoToE('Ёлкина')).toBe('Елкина');
  });
});
