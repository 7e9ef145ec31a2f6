// Small Russian-morphology helpers for organization names. They cover exactly the shapes the ОКТМО data and
// the name templates produce (place adjectives, legal-form phrases), not Russian grammar at large.

export type AdjectiveForms = { m: string; f: string; n: string; mGen: string };

const HARD_ADJECTIVE = /^[А-ЯЁ][А-ЯЁа-яё-]*(?:ий|ый|ой|ая|ое)$/;
const SOFT_ADJECTIVE = /^[А-ЯЁ][А-ЯЁа-яё-]*н(?:ий|яя|ее)$/;
const VELAR_OR_SIBILANT = /[гкхжшчщ]$/;

/** Whether an ОКТМО settlement name is a place adjective («Биритское», «Курумчинский») rather than a noun. */
export function isPlaceAdjective(name: string): boolean {
  return !name.includes(' ') && (HARD_ADJECTIVE.test(name) || SOFT_ADJECTIVE.test(name));
}

/** All gender forms of a place adjective given in any gender («Балаганское» → «Балаганская» …). */
export function adjectiveForms(adjective: string): AdjectiveForms {
  const stem = adjective.slice(0, -2);
  if (SOFT_ADJECTIVE.test(adjective)) {
    return { m: `${stem}ий`, f: `${stem}яя`, n: `${stem}ее`, mGen: `${stem}его` };
  }
  const m = VELAR_OR_SIBILANT.test(stem) ? `${stem}ий` : `${stem}ый`;
  return { m, f: `${stem}ая`, n: `${stem}ое`, mGen: `${stem}ого` };
}

/** «Балаганский муниципальный район» → «Балаганский». */
export function districtAdjective(municipalityName: string): string {
  return municipalityName.replace(/ муниципальный район$/, '');
}

/**
 * Genitive of a legal-form phrase, for branch names («Филиал муниципального бюджетного … учреждения»).
 * Only adjectives in -ое and the noun «учреждение» change; «дополнительного образования» already is genitive.
 */
export function genitivePhrase(phrase: string): string {
  const words = phrase.split(' ').map((w) => {
    if (w === 'учреждение') return 'учреждения';
    if (/^[А-ЯЁа-яё]+ое$/.test(w)) return `${w.slice(0, -2)}ого`;
    return w;
  });
  const joined = words.join(' ');
  return joined.charAt(0).toLowerCase() + joined.slice(1);
}

// biome-ignore format: a word list reads better packed than one entry per line
const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Lower-case ASCII slug for e-mail addresses and domains («Усть-Илимский» → «ust-ilimskiy»). */
export function slug(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) {
    const t = TRANSLIT[ch];
    if (t !== undefined) out += t;
    else if (/[a-z0-9]/.test(ch)) out += ch;
    else if (!out.endsWith('-')) out += '-';
  }
  return out.replace(/^-+|-+$/g, '');
}

/** Slug of a place adjective without its ending, the way towns name their sites («balagansk»). */
export function placeSlug(adjective: string): string {
  return slug(adjective.replace(/(?:ий|ый|ой|ая|ое|ее|яя)$/, ''));
}

/** Capital initials of the words, skipping conjunctions: «Ангарский политехнический техникум» → «АПТ». */
export function acronym(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w.length > 2 || /^[А-ЯЁ]/.test(w))
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
}
