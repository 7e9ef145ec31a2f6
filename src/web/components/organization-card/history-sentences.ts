/** An organization's history entry as Russian sentences, one per changed value, never a whole object. */
import type { HistoryEntry } from '../../api/types.ts';
import { ORG_FIELD_LABELS } from '../labels.ts';

type Leaf = { field: string; before: unknown; after: unknown };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const empty = (v: unknown) => v === null || v === undefined || v === '';
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * A change of a composite value (contacts, an address, the head, the licence) as the parts that
 * differ: «Телефон: … → …» instead of the whole «Телефон: …; Электронная почта: …; Сайт: …» twice.
 */
function leaves(field: string, before: unknown, after: unknown): Leaf[] {
  if (!isObject(before) && !isObject(after)) return [{ field, before, after }];
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !same(b[k], a[k]) && !(empty(b[k]) && empty(a[k])))
    .flatMap((k) => leaves(`${field}.${k}`, b[k], a[k]));
}

/** Links to other records are stored as ids: the sentence says what changed, the card shows the rest. */
const REFERENCE = /(Id|Guid)$/;

function sentence({ field, before, after }: Leaf, text: (field: string, v: unknown) => string): string {
  const label = ORG_FIELD_LABELS[field] ?? field;
  if (REFERENCE.test(field)) return `${label}: изменено`;
  if (empty(before)) return `${label}: указано «${text(field, after)}»`;
  if (empty(after)) return `${label}: удалено (было «${text(field, before)}»)`;
  return `${label}: «${text(field, before)}» → «${text(field, after)}»`;
}

/** The sentences of one entry; the first one says the organization was entered into the registry. */
export function organizationSentences(
  entry: HistoryEntry,
  text: (field: string, v: unknown) => string,
): string[] {
  if (entry.action === 'create') return ['Организация внесена в реестр'];
  return entry.changes.flatMap((c) => leaves(c.field, c.before, c.after)).map((l) => sentence(l, text));
}
