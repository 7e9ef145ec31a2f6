import { describe, expect, it } from 'vitest';
import { misspell, swapYo, transliterate, typo } from './duplicates.ts';
import { osaDistance } from './edit-distance.ts';
import { createRandom } from './random.ts';

describe('name mistakes', () => {
  it('transliterates the GOST-like way', () => {
    expect(transliterate('Щукин')).toBe('Shchukin');
    expect(transliterate('Юлия')).toBe('Yuliya');
    expect(transliterate('Артём')).toBe('Artyom');
    expect(transliterate('Хазиев')).toBe('Khaziev');
    expect(transliterate('Цой')).toBe('Tsoy');
    expect(transliterate('Жанна')).toBe('Zhanna');
    expect(transliterate('Чернышёв')).toBe('Chernyshyov');
    expect(transliterate('Ильич')).toBe('Ilich');
    expect(transliterate('Подъячев')).toBe('Podyachev');
    expect(transliterate('Римский-Корсаков')).toBe('Rimskiy-Korsakov');
  });

  it('makes exactly one typo, rarely in the first letter', () => {
    const rng = createRandom('typos');
    let first = 0;
    for (let i = 0; i < 2000; i++) {
      const word = rng.pick(['Иванов', 'Ким', 'Анна', 'Ян', 'Кузнецова', 'Ли', 'Аа']);
      const out = typo(rng, word);
      expect(out).not.toBe(word);
      expect(out.charAt(0)).toBe(out.charAt(0).toUpperCase());
      if (word.length > 2) expect(osaDistance(word.toLowerCase(), out.toLowerCase())).toBe(1);
      if (word.length > 2 && out[0]?.toLowerCase() !== word[0]?.toLowerCase()) first++;
    }
    // About a tenth of the ~1400 longer words, plus transpositions of the first two letters.
    expect(first).toBeGreaterThan(60);
    expect(first).toBeLessThan(300);
  });

  it('swaps ё for е, or writes ё where е stands', () => {
    const name = { lastName: 'Королев', firstName: 'Артём', middleName: 'Петрович' };
    expect(swapYo(name)).toEqual({ ...name, firstName: 'Артем' });
    expect(swapYo({ ...name, firstName: 'Иван' })).toEqual({
      lastName: 'Королёв',
      firstName: 'Иван',
      middleName: 'Петрович',
    });
    expect(swapYo({ lastName: 'Ким', firstName: 'Ян', middleName: null })).toBeNull();
  });

  it('swaps first and last name, and spells everything in Latin', () => {
    const rng = createRandom(1);
    const name = { lastName: 'Щукина', firstName: 'Юлия', middleName: 'Сергеевна' };
    expect(misspell(rng, name, 'swapped_names')).toEqual({ ...name, lastName: 'Юлия', firstName: 'Щукина' });
    expect(misspell(rng, name, 'latin')).toEqual({
      lastName: 'Shchukina',
      firstName: 'Yuliya',
      middleName: 'Sergeevna',
    });
    const typoed = misspell(rng, name, 'first_name_typo');
    expect(typoed?.lastName).toBe('Щукина');
    expect(osaDistance(typoed?.firstName.toLowerCase() ?? '', 'юлия')).toBe(1);
  });
});
