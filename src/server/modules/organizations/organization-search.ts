import { sql } from 'kysely';

// The same folding as organization_search_key() in migration 0017.
const fold = (s: string) =>
  s
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replaceAll('д/с', ' детский сад ')
    .replace(/[^0-9a-zа-я]+/g, ' ')
    .trim();

// Words clerks write for a kind that the registered names spell out.
const SPELLED_OUT: Record<string, string> = { детсад: 'детский сад', дс: 'детский сад' };

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The query's words: a number must match a whole number in the name («4» is not «14» or «45»). */
export function organizationQueryWords(q: string): string[] {
  const words = fold(q)
    .split(' ')
    .flatMap((w) => (SPELLED_OUT[w] ?? w).split(' '))
    .filter((w) => w.length > 0);
  return [...new Set(words)];
}

/** Every query word is found at the start of a word of the full or short name. */
export function organizationNameMatches(column: { full: string; short: string }, q: string) {
  const words = organizationQueryWords(q);
  if (words.length === 0) return sql<boolean>`true`;
  const key = sql`organization_search_key(${sql.ref(column.full)}, ${sql.ref(column.short)})`;
  return sql<boolean>`(${sql.join(
    words.map((w) => sql`${key} LIKE ${/^\d+$/.test(w) ? `% ${w} %` : `% ${likeEscape(w)}%`}`),
    sql` AND `,
  )})`;
}
