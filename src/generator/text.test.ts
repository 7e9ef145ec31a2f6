import { describe, expect, it } from 'vitest';
import { allocate, organizationCount } from './allocation.ts';
import { copyField } from './load.ts';
import { acronym, adjectiveForms, genitivePhrase, isPlaceAdjective, placeSlug, slug } from './text.ts';

describe('place adjectives', () => {
  it('tells adjectives from nouns and inflects them', () => {
    expect(isPlaceAdjective('Биритское')).toBe(true);
    expect(isPlaceAdjective('Курумчинский')).toBe(true);
    expect(isPlaceAdjective('Аларь')).toBe(false);
    expect(isPlaceAdjective('Новая Ида')).toBe(false);
    expect(adjectiveForms('Биритское')).toEqual({
      m: 'Биритский',
      f: 'Биритская',
      n: 'Биритское',
      mGen: 'Биритского',
    });
    expect(adjectiveForms('Целинный').f).toBe('Целинная');
    expect(adjectiveForms('Усть-Илимский').mGen).toBe('Усть-Илимского');
  });

  it('puts legal-form phrases into the genitive', () => {
    expect(genitivePhrase('Муниципальное казенное общеобразовательное учреждение')).toBe(
      'муниципального казенного общеобразовательного учреждения',
    );
    expect(genitivePhrase('Муниципальное бюджетное учреждение дополнительного образования')).toBe(
      'муниципального бюджетного учреждения дополнительного образования',
    );
  });

  it('makes ASCII slugs and acronyms', () => {
    expect(slug('Усть-Илимский')).toBe('ust-ilimskiy');
    expect(placeSlug('Шелеховский')).toBe('shelekhovsk');
    expect(acronym('Ангарский политехнический техникум')).toBe('АПТ');
    expect(acronym('Иркутский техникум транспорта и строительства')).toBe('ИТТС');
  });
});

describe('allocation', () => {
  it('sums to the total and favours heavy weights', () => {
    expect(allocate(10, [5, 3, 2])).toEqual([5, 3, 2]);
    expect(allocate(2, [1, 10, 5, 1])).toEqual([0, 1, 1, 0]);
    const spread = allocate(100, [50, 1, 1, 1]);
    expect(spread.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(1);
    expect(spread[0]).toBeGreaterThan(85);
  });

  it('scales organization counts with learners and keeps a floor', () => {
    expect(organizationCount('school', 1_000_000)).toBe(1360);
    expect(organizationCount('vocational', 2000)).toBe(2);
  });
});

describe('COPY text escaping', () => {
  it('escapes backslashes, tabs and newlines and writes JSON for objects', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d');
    expect(copyField({ text: 'ул. «Мира»\\1' })).toBe('{"text":"ул. «Мира»\\\\\\\\1"}');
    expect(copyField(42)).toBe('42');
  });
});
