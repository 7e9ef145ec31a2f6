/** A person's history entry as Russian sentences: «Изменена фамилия: Иванова → Петрова». */
import type { HistoryEntry } from '../../../api/types.ts';
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

const TABLE_TITLES: Record<string, string> = {
  person_documents: 'документы',
  person_addresses: 'адреса',
  person_contacts: 'контакты',
  person_hardships: 'сведения о трудной жизненной ситуации',
  representations: 'связи с представителями',
  enrollments: 'сведения об обучении',
  consents: 'согласия',
  person_health: 'сведения о здоровье',
  person_disabilities: 'сведения об инвалидности',
  person_special_needs: 'сведения об ОВЗ',
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
  const relation = link?.relation ? relationTitle(link.relation) : 'представитель';
  const person = who ? `${relation} — ${who}` : `${relation} (запись вне вашей области доступа)`;
  return c.after ? `Добавлен представитель: ${person}` : `Прекращена связь с представителем: ${person}`;
}

function mergeSentence(value: unknown, names: Names): string {
  const m = (value ?? {}) as {
    mergedId?: string;
    survivorId?: string;
    moved?: Record<string, Record<string, number>>;
  };
  if (m.survivorId) {
    const other = names[m.survivorId];
    return `Объединена с записью ${other ?? 'о том же человеке'}; эта запись больше не ведётся`;
  }
  const other = m.mergedId ? names[m.mergedId] : undefined;
  const moved = Object.entries(m.moved ?? {})
    .map(([table, actions]) => [TABLE_TITLES[table] ?? table, actions.moved ?? 0] as const)
    .filter(([, n]) => n > 0)
    .map(([title, n]) => `${title} (${n})`);
  const head = `Объединена с записью ${other ?? 'о том же человеке'} (дубликат)`;
  return moved.length ? `${head}; перенесены ${moved.join(', ')}` : head;
}

function fieldSentences(c: Change, names: Names): string[] {
  if (HIDDEN.has(c.field)) return [];
  if (c.field === 'representative') return [representativeSentence(c, names)];
  if (c.field === 'merge') return c.after ? [mergeSentence(c.after, names)] : [];
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
