import type pg from 'pg';

/** How a search string was derived from a real person. */
export const QUERY_KINDS = [
  'exact',
  'typo',
  'swapped',
  'yo_e',
  'latin',
  'common',
  'common_year',
  'rare',
  'surname_only',
  'slip_swap',
  'slip_typo',
  'slip_drop',
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** A search string and the person it was derived from (null: a surname alone, many persons qualify). */
export type SearchQuery = { kind: QueryKind; q: string; personId: string | null };

// Shares of the mix, in queries per 20: what an operator types, mostly a real name, often misspelt.
const MIX: Record<QueryKind, number> = {
  exact: 3,
  typo: 4,
  swapped: 2,
  yo_e: 2,
  latin: 2,
  common: 3,
  // A very common name narrowed by the birth year typed in the same box, as a clerk does.
  common_year: 2,
  rare: 2,
  surname_only: 2,
  // The slip kinds make up the person-search-slips benchmark on their own.
  slip_swap: 0,
  slip_typo: 0,
  slip_drop: 0,
};

type Sampled = { id: string; last_name: string; first_name: string; birth_date: string };

// Passport-style transliteration (МВД order 2017 / ICAO 9303), as a Latin-typed name arrives.
const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
};

export function toLatin(word: string): string {
  const out = [...word.toLowerCase()].map((ch) => LATIN[ch] ?? ch).join('');
  return out.charAt(0).toUpperCase() + out.slice(1);
}

// Keyboard neighbours (ЙЦУКЕН) for a realistic slip of the finger; the rest fall back to a vowel swap.
const NEIGHBOUR: Record<string, string> = {
  а: 'о',
  о: 'а',
  е: 'и',
  и: 'е',
  н: 'т',
  т: 'н',
  р: 'п',
  п: 'р',
  к: 'е',
  в: 'а',
  с: 'м',
  м: 'с',
  л: 'д',
  д: 'л',
  г: 'ш',
  ш: 'щ',
  з: 'х',
  у: 'к',
  ц: 'у',
  ы: 'в',
  я: 'ч',
  ч: 'я',
  б: 'ь',
  ь: 'б',
  ю: 'б',
  ж: 'э',
  э: 'ж',
  х: 'з',
  ф: 'ы',
  й: 'ц',
  щ: 'з',
  ё: 'е',
  ъ: 'х',
};

/** One letter in the middle of the word replaced by its keyboard neighbour (never the first letter). */
export function withTypo(word: string): string {
  const chars = [...word];
  const at = Math.max(1, Math.floor(chars.length / 2));
  const ch = chars[at]!.toLowerCase();
  chars[at] = NEIGHBOUR[ch] ?? 'а';
  return chars.join('');
}

/** ё written as е, as most keyboards and documents do; a name without ё gets one where a variant exists. */
export function yoToE(word: string): string {
  return word.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

// md5 order: a fixed pseudo-random spread over the persons, the same on every run of the same data.
async function sample(admin: pg.Client, scope: string, where: string, n: number): Promise<Sampled[]> {
  const r = await admin.query<Sampled>(
    `SELECT p.id, p.last_name, p.first_name, p.birth_date::text AS birth_date FROM persons p
      WHERE p.status = 'active' AND ${scope} AND ${where}
      ORDER BY md5(p.id::text) LIMIT $1`,
    [n],
  );
  return r.rows;
}

/**
 * Derives `total` search strings from persons sampled deterministically out of the loaded data, in the
 * mix above, interleaved by kind. `scope` is an SQL predicate on `p` restricting the persons the queries
 * come from (an organization operator searches for its own learners and their parents).
 */
export async function deriveQueries(admin: pg.Client, scope: string, total: number): Promise<SearchQuery[]> {
  const per = (kind: QueryKind) => Math.max(1, Math.round((total * MIX[kind]) / 20));
  const common = await admin.query<{ last_name: string }>(
    `SELECT last_name FROM persons p WHERE p.status = 'active' AND ${scope}
      GROUP BY last_name ORDER BY count(*) DESC, last_name LIMIT 10`,
  );
  const commonNames = common.rows.map((r) => r.last_name);
  const inList = (names: string[]) =>
    `p.last_name = ANY(ARRAY[${names.map((n) => `'${n.replace(/'/g, "''")}'`).join(',')}]::text[])`;
  const plain = await sample(
    admin,
    scope,
    'true',
    per('exact') + per('typo') + per('swapped') + per('latin'),
  );
  const yo = await sample(admin, scope, `(p.last_name || p.first_name) ~ '[ёЁ]'`, per('yo_e'));
  const frequent = commonNames.length
    ? await sample(admin, scope, inList(commonNames), per('common') + per('common_year'))
    : [];
  // The rarest surnames of the region among the persons in scope: few trigram neighbours, small result.
  const rare = await admin.query<Sampled>(
    `WITH f AS (SELECT last_name, count(*) AS n FROM persons GROUP BY last_name)
     SELECT p.id, p.last_name, p.first_name, p.birth_date::text AS birth_date FROM persons p JOIN f ON f.last_name = p.last_name
      WHERE p.status = 'active' AND ${scope} ORDER BY f.n, md5(p.id::text) LIMIT $1`,
    [per('rare')],
  );
  const byKind: Record<QueryKind, SearchQuery[]> = {
    exact: [],
    typo: [],
    swapped: [],
    yo_e: [],
    latin: [],
    common: [],
    common_year: [],
    rare: [],
    surname_only: [],
    slip_swap: [],
    slip_typo: [],
    slip_drop: [],
  };
  let i = 0;
  const take = (n: number) => {
    const part = plain.slice(i, i + n);
    i += n;
    return part;
  };
  for (const p of take(per('exact')))
    byKind.exact.push({ kind: 'exact', q: `${p.last_name} ${p.first_name}`, personId: p.id });
  for (const p of take(per('typo')))
    byKind.typo.push({ kind: 'typo', q: `${withTypo(p.last_name)} ${p.first_name}`, personId: p.id });
  for (const p of take(per('swapped')))
    byKind.swapped.push({ kind: 'swapped', q: `${p.first_name} ${p.last_name}`, personId: p.id });
  for (const p of take(per('latin')))
    byKind.latin.push({
      kind: 'latin',
      q: `${toLatin(p.last_name)} ${toLatin(p.first_name)}`,
      personId: p.id,
    });
  for (const p of yo)
    byKind.yo_e.push({ kind: 'yo_e', q: `${yoToE(p.last_name)} ${yoToE(p.first_name)}`, personId: p.id });
  for (const p of frequent.slice(0, per('common')))
    byKind.common.push({ kind: 'common', q: `${p.last_name} ${p.first_name}`, personId: p.id });
  for (const p of frequent.slice(per('common')))
    byKind.common_year.push({
      kind: 'common_year',
      q: `${p.last_name} ${p.first_name} ${p.birth_date.slice(0, 4)}`,
      personId: p.id,
    });
  for (const p of rare.rows)
    byKind.rare.push({ kind: 'rare', q: `${p.last_name} ${p.first_name}`, personId: p.id });
  for (let k = 0; k < per('surname_only'); k++) {
    const name = commonNames[k % Math.max(1, commonNames.length)];
    if (name) byKind.surname_only.push({ kind: 'surname_only', q: name, personId: null });
  }
  // Interleaved, so every stretch of the measured run sees the same mix.
  const out: SearchQuery[] = [];
  for (let round = 0; out.length < Object.values(byKind).reduce((s, l) => s + l.length, 0); round++) {
    for (const kind of QUERY_KINDS) {
      const q = byKind[kind][round];
      if (q) out.push(q);
    }
  }
  return out;
}

const SLIPS = ['slip_swap', 'slip_typo', 'slip_drop'] as const;

/** Two neighbouring letters typed the other way round, at `seed`'s position; null if they are equal. */
export function swapAt(word: string, seed: number): string | null {
  const chars = [...word];
  for (let k = 0; k < chars.length - 1; k++) {
    const at = (seed + k) % (chars.length - 1);
    if (chars[at]!.toLowerCase() !== chars[at + 1]!.toLowerCase()) {
      [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
      return chars.join('');
    }
  }
  return null;
}

/** One letter left out, at `seed`'s position. */
export function dropAt(word: string, seed: number): string {
  const chars = [...word];
  chars.splice(seed % chars.length, 1);
  return chars.join('');
}

/** One letter replaced by its keyboard neighbour, at `seed`'s position. */
export function typoAt(word: string, seed: number): string {
  const chars = [...word];
  const at = seed % chars.length;
  const ch = chars[at]!.toLowerCase();
  const to = NEIGHBOUR[ch] ?? (ch === 'а' ? 'о' : 'а');
  chars[at] = chars[at] === ch ? to : to.toUpperCase();
  return chars.join('');
}

/**
 * `total` full-name queries («Фамилия Имя Отчество») of persons sampled deterministically, each with
 * exactly one slip — an adjacent swap, a wrong letter or a dropped letter — in turn in the last, first
 * and middle name, at a position that moves from query to query.
 */
export async function deriveSlipQueries(
  admin: pg.Client,
  scope: string,
  total: number,
): Promise<SearchQuery[]> {
  const r = await admin.query<Omit<Sampled, 'birth_date'> & { middle_name: string }>(
    `SELECT p.id, p.last_name, p.first_name, p.middle_name FROM persons p
      WHERE p.status = 'active' AND p.middle_name IS NOT NULL AND length(p.first_name) >= 3 AND ${scope}
      ORDER BY md5(p.id::text) LIMIT $1`,
    [total * 2],
  );
  const out: SearchQuery[] = [];
  for (const p of r.rows) {
    if (out.length === total) break;
    const i = out.length;
    const kind = SLIPS[i % 3]!;
    const part = Math.floor(i / 3) % 3;
    const parts = [p.last_name, p.first_name, p.middle_name];
    const word = parts[part]!;
    const seed = i * 7 + 1;
    const slipped =
      kind === 'slip_swap'
        ? swapAt(word, seed)
        : kind === 'slip_drop'
          ? dropAt(word, seed)
          : typoAt(word, seed);
    if (slipped === null || slipped === word) continue;
    parts[part] = slipped;
    out.push({ kind, q: parts.join(' '), personId: p.id });
  }
  return out;
}
