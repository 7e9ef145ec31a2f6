import { describe, expect, it } from 'vitest';
import { fullName, NamePicker } from './names.ts';
import { createRandom } from './random.ts';

const names = new NamePicker();

describe('NamePicker', () => {
  it('builds a full name whose parts agree with the sex', () => {
    const rng = createRandom('names');
    for (let i = 0; i < 500; i++) {
      const female = names.person(rng, 'female', 'adult');
      expect(female.middleName).toMatch(/(?:вна|чна|ична)$/);
      const male = names.person(rng, 'male', 'child');
      expect(male.middleName).toMatch(/(?:вич|ич)$/);
      expect(fullName(male).split(' ')).toHaveLength(3);
    }
  });

  it('derives patronymics from the father and shares the family surname', () => {
    expect(names.patronymicOf('Илья', 'female')).toBe('Ильинична');
    expect(names.patronymicOf('Сергей', 'male')).toBe('Сергеевич');
    expect(() => names.patronymicOf('Джон', 'male')).toThrow(RangeError);
    const rng = createRandom(1);
    const family = { male: 'Иванов', female: 'Иванова' };
    expect(names.person(rng, 'female', 'child', family).lastName).toBe('Иванова');
    expect(names.person(rng, 'male', 'child', family).lastName).toBe('Иванов');
  });

  it('spreads adult first names flatter than children’s', () => {
    const share = (cohort: 'child' | 'adult') => {
      const rng = createRandom(`cohort-${cohort}`);
      let top = 0;
      for (let i = 0; i < 20_000; i++) if (names.firstName(rng, 'female', cohort) === 'Анастасия') top++;
      return top / 20_000;
    };
    expect(share('adult')).toBeLessThan(share('child'));
  });
});
