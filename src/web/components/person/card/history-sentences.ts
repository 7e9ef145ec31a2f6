/** A person's history entry as Russian sentences: «Изменена фамилия: Иванова → Петрова». */
import type { HistoryEntry } from '../../../api/types.ts';
import { movedText } from '../../duplicates/merge-history.ts';
import { PERSON_FIELD_LABELS, relationTitle } from '../person-format.ts';
import { personValueText, versionActionTitle } from './history-values.ts';

type Change = HistoryEntry['changes'][number];
/** Short names («Иванова А. П.») of the people entries point at, as the server resolved them in scope. */
export type Names = Record<string, string>;

/** The verb agrees with the field: «Изменена фамилия», «Изменено имя», «Изменён СНИЛС». */
const CHANGED: Record<string, string> = {
  lastName: 'Изменена фамилия',
  firstName: 'Изменено имя',
  middleName: 'Изменено отчество',
  birthDate: 'Изменена дата рождения',
  birthPlace: 'Изменено место рождения',
  sex: 'Изменён пол',
  snils: 'Изменён СНИЛС',
  citizenship: 'Изменено гражданство',
  status: 'Изменён статус записи',
};

/** Items of a list field: «Добавлен документ: …», «Удалён адрес: …», «Изменён контакт: … → …». */
const ITEM_WORDS: Record<string, [added: string, removed: string, changed: string]> = {
  documents: ['Добавлен документ', 'Удалён документ', 'Изменён документ'],
  addresses: ['Добавлен адрес', 'Удалён адрес', 'Изменён адрес'],
  contacts: ['Добавлен контакт', 'Удалён контакт', 'Изменён контакт'],
  hardships: [
    'Добавлены сведения о трудной жизненной ситуации',
    'Удалены сведения о трудной жизненной ситуации',
    'Изменены сведения о трудной жизненной ситуации',
  ],
};

const HIDDEN = new Set(['id', 'mergedIntoId']);
const json = (v: unknown) => JSON.stringify(v ?? null);
const asList = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v : []);

function listSentences(field: string, before: unknown, after: unknown): string[] {
  const [added, removed, changed] = ITEM_WORDS[field]!;
  const text = (item: unknown) => personValueText(field, [item]);
  const was = asList(before);
  const now = asList(after);
  const key = (item: Record<string, unknown>) => (typeof item.id === 'string' ? item.id : json(item));
  const wasBy = new Map(was.map((i) => [key(i), i]));
  const nowBy = new Map(now.map((i) => [key(i), i]));
  const out: string[] = [];
  for (const [k, item] of nowBy) {
    const old = wasBy.get(k);
    if (!old) out.push(`${added}: ${text(item)}`);
    else if (json(old) !== json(item)) {
      const a = text(old);
      const b = text(item);
      out.push(a === b ? `${changed}: ${b}` : `${changed}: ${a} → ${b}`);
    }
  }
  for (const [k, item] of wasBy) if (!nowBy.has(k)) out.push(`${removed}: ${text(item)}`);
  return out;
}

function representativeSentence(c: Change, names: Names): string {
  const link = (c.after ?? c.before) as { relation?: string; representativeId?: string } | null;
  const who = link?.representativeId ? names[link.representativeId] : undefined;
  const relation = link?.relation ? relationTitle(link.relation).toLowerCase() : 'представитель';
  const person = who ? `${relation} — ${who}` : `${relation} (запись вне вашей области доступа)`;
  return c.after ? `Добавлен представитель: ${person}` : `Прекращена связь с представителем: ${person}`;
}

/** The survivor names the record it took in; the merged-away record names the one it went into. */
function mergeSentences(value: unknown, names: Names): string[] {
  const m = (value ?? {}) as {
    mergedId?: string;
    survivorId?: string;
    moved?: Parameters<typeof movedText>[0];
  };
  if (m.survivorId) {
    const other = names[m.survivorId];
    return [`Запись объединена с записью ${other ?? 'о том же человеке'} и больше не ведется`];
  }
  const moved = movedText(m.moved);
  const head = 'К записи присоединена запись-дубликат';
  const other = m.mergedId ? names[m.mergedId] : undefined;
  return [moved ? `${head}: ${moved}` : head, ...(other ? [`Присоединенная запись: ${other}`] : [])];
}

function fieldSentences(c: Change, names: Names): string[] {
  if (HIDDEN.has(c.field)) return [];
  if (c.field === 'representative') return [representativeSentence(c, names)];
  if (c.field === 'merge') return c.after ? mergeSentences(c.after, names) : [];
  if (c.field === 'mergeUndone') return ['Объединение отменено, записи снова раздельные'];
  if (ITEM_WORDS[c.field]) return listSentences(c.field, c.before, c.after);
  const verb = CHANGED[c.field] ?? `Изменено поле «${PERSON_FIELD_LABELS[c.field] ?? c.field}»`;
  return [`${verb}: ${personValueText(c.field, c.before)} → ${personValueText(c.field, c.after)}`];
}

/**
 * The sentences of one entry. A record's first version lists no fields: «Запись внесена в реестр»
 * says it all, and the version itself can be opened.
 */
export function historySentences(entry: HistoryEntry, names: Names): string[] {
  if (entry.action === 'create') return ['Запись внесена в реестр'];
  return entry.changes.flatMap((c) => fieldSentences(c, names));
}

const TITLES: Record<string, string> = {
  link_representative: 'Представители',
  unlink_representative: 'Представители',
  merged_into: 'Объединение',
  merge_undo: 'Отмена объединения',
};

/** The badge of an entry: what kind of change it was. */
export const historyTitle = (action: string) => TITLES[action] ?? versionActionTitle(action);
