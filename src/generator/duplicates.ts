// How a second record of the same child gets its name wrong: the mistakes operators make when they register a
// learner who is already in the registry. Each kind is one mistake; the benchmark measures which it finds.

import type { DuplicateKind } from './person-types.ts';
import type { Random } from './random.ts';

export type NameParts = { lastName: string; firstName: string; middleName: string | null };

// biome-ignore format: a letter table reads better packed
const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

const LETTERS = 'абвгдежзиклмнопрстуфхцчшэюя';
// Letters people confuse by ear or by keyboard neighbourhood; a substitution prefers these.
const CONFUSED: Record<string, string> = {
  а: 'о',
  о: 'а',
  е: 'и',
  и: 'е',
  ы: 'и',
  т: 'д',
  д: 'т',
  с: 'з',
  з: 'с',
  б: 'п',
  п: 'б',
  в: 'ф',
  ф: 'в',
  г: 'к',
  к: 'г',
  ш: 'щ',
  щ: 'ш',
  н: 'м',
  м: 'н',
  л: 'д',
};

/** Capital after the start and after a hyphen, lower case elsewhere. */
function capitalize(word: string): string {
  return word.toLowerCase().replace(/(^|-)(.)/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** ГОСТ-like Latin spelling of a Cyrillic name: «Щукин» → «Shchukin», «Юлия» → «Yuliya». */
export function transliterate(word: string): string {
  let out = '';
  for (const ch of word.toLowerCase()) out += LATIN[ch] ?? ch;
  return capitalize(out);
}

/**
 * One typo: a substitution, deletion or transposition of adjacent letters. Mostly after the first letter (the
 * first one is the one people check), sometimes the first.
 */
export function typo(rng: Random, word: string): string {
  const lower = word.toLowerCase();
  for (let attempt = 0; attempt < 20; attempt++) {
    const op = rng.next();
    const pos = rng.chance(0.1) || lower.length < 3 ? 0 : rng.int(1, lower.length - 1);
    const ch = lower[pos] as string;
    if (ch === '-') continue;
    let next: string;
    if (op < 0.5) {
      const sub = CONFUSED[ch] && rng.chance(0.7) ? (CONFUSED[ch] as string) : rng.pick([...LETTERS]);
      next = lower.slice(0, pos) + sub + lower.slice(pos + 1);
    } else if (op < 0.75) {
      if (lower.length < 4) continue;
      next = lower.slice(0, pos) + lower.slice(pos + 1);
    } else {
      const at = Math.min(pos, lower.length - 2);
      const a = lower[at] as string;
      const b = lower[at + 1] as string;
      if (a === b || b === '-') continue;
      next = lower.slice(0, at) + b + a + lower.slice(at + 2);
    }
    const result = capitalize(next);
    if (result !== word) return result;
  }
  // Every attempt hit a degenerate case (a two-letter word of equal letters): change the last letter.
  const last = lower.at(-1) === 'а' ? 'я' : 'а';
  return capitalize(lower.slice(0, -1) + last);
}

/**
 * ё written as е, or е written as ё where Russian spelling allows it (Королев → Королёв, -ев → -ёв). Returns
 * null when no part of the name has either letter after its first.
 */
export function swapYo(name: NameParts): NameParts | null {
  const parts = ['lastName', 'firstName', 'middleName'] as const;
  for (const key of parts) {
    const value = name[key];
    if (value?.includes('ё')) return { ...name, [key]: value.replaceAll('ё', 'е') };
  }
  for (const key of parts) {
    const value = name[key];
    const at = value ? value.lastIndexOf('е') : -1;
    if (value && at > 0) return { ...name, [key]: `${value.slice(0, at)}ё${value.slice(at + 1)}` };
  }
  return null;
}

/** The duplicate's name for a mistake kind, or null when that mistake cannot change this name. */
export function misspell(rng: Random, name: NameParts, kind: DuplicateKind): NameParts | null {
  switch (kind) {
    case 'last_name_typo':
      return { ...name, lastName: typo(rng, name.lastName) };
    case 'first_name_typo':
      return name.firstName.length >= 3 ? { ...name, firstName: typo(rng, name.firstName) } : null;
    case 'yo_e':
      return swapYo(name);
    case 'swapped_names':
      return name.firstName === name.lastName
        ? null
        : { ...name, lastName: name.firstName, firstName: name.lastName };
    case 'latin':
      return {
        lastName: transliterate(name.lastName),
        firstName: transliterate(name.firstName),
        middleName: name.middleName === null ? null : transliterate(name.middleName),
      };
    default: {
      const unknown: never = kind;
      throw new RangeError(`unknown duplicate kind ${String(unknown)}`);
    }
  }
}
