/** Values of the person change history in words. */
import type {
  Citizenship,
  PersonAddress,
  PersonContact,
  PersonDocument,
  PersonHardship,
} from '../../../api/person-types.ts';
import { mergeText } from '../../duplicates/merge-history.ts';
import { formatDate, formatDateTime } from '../../format.ts';
import {
  addressKindTitle,
  citizenshipText,
  documentNumberText,
  documentTypeTitle,
  hardshipTitle,
  sexTitle,
  snilsText,
} from '../person-format.ts';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T/;

const STATUS_TITLES: Record<string, string> = {
  active: 'Действующая',
  merged: 'Объединена с другой записью',
  destroyed: 'Уничтожена',
};

const ITEM_TEXT: Record<string, (v: never) => string> = {
  documents: (d: PersonDocument) => `${documentTypeTitle(d.type)} ${documentNumberText(d)}`.trim(),
  addresses: (a: PersonAddress) => `${addressKindTitle(a.kind)}: ${a.text}`,
  contacts: (c: PersonContact) => c.value,
  hardships: (h: PersonHardship) => `${hardshipTitle(h.category)} с ${formatDate(h.startedOn)}`,
};

export function personValueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    const item = ITEM_TEXT[field];
    return value.map((v) => (item ? item(v as never) : personValueText('', v))).join('; ');
  }
  if (field === 'citizenship') return citizenshipText(value as Citizenship);
  if (field === 'merge' && typeof value === 'object') return mergeText(value);
  if (field === 'mergeUndone') return 'Объединение отменено, записи снова раздельные';
  if (typeof value === 'boolean') return value ? 'Да' : 'Нет';
  if (typeof value === 'string') {
    if (field === 'sex') return sexTitle(value);
    if (field === 'snils') return snilsText(value);
    if (field === 'status') return STATUS_TITLES[value] ?? value;
    if (DATE_RE.test(value)) return formatDate(value);
    if (INSTANT_RE.test(value)) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${k}: ${personValueText(k, v)}`)
      .join(', ');
  }
  return String(value);
}

const ACTION_TITLES: Record<string, string> = {
  create: 'Создание',
  update: 'Изменение',
  merge: 'Объединение',
  unmerge: 'Отмена объединения',
  merge_undo: 'Отмена объединения',
  merged_into: 'Объединение с другой записью',
  destroy: 'Уничтожение',
};
export const versionActionTitle = (a: string) => ACTION_TITLES[a.split(':')[0] ?? a] ?? a;
