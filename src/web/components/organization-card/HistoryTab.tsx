import { useQuery } from '@tanstack/react-query';
import { organizationHistoryQuery } from '../../api/organizations.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { HistoryList } from '../HistoryList.tsx';
import {
  historyActionLabel,
  LEGAL_FORMS,
  ORG_FIELD_LABELS,
  ORG_KIND_LABELS,
  ORG_STATUS_LABELS,
} from '../labels.ts';
import { organizationSentences } from './history-sentences.ts';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T/;

/** A history value in words: codes to labels, dates to ДД.ММ.ГГГГ, objects to «поле: значение». */
export function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Да' : 'Нет';
  if (typeof value === 'string') {
    if (field === 'kind') return ORG_KIND_LABELS[value as keyof typeof ORG_KIND_LABELS] ?? value;
    if (field === 'status') return ORG_STATUS_LABELS[value as keyof typeof ORG_STATUS_LABELS] ?? value;
    if (field === 'legalForm') return LEGAL_FORMS[value] ? `${value} — ${LEGAL_FORMS[value]}` : value;
    if (DATE_RE.test(value)) return formatDate(value);
    if (INSTANT_RE.test(value)) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue(field, v)).join('; ');
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => {
        const path = `${field}.${k}`;
        const label = ORG_FIELD_LABELS[path]?.replace(/^[^:]+: /, '') ?? k;
        return `${label}: ${formatValue(path, v)}`;
      });
    return parts.length ? parts.join('; ') : '—';
  }
  return String(value);
}

export function HistoryTab({ id }: { id: string }) {
  const query = useQuery(organizationHistoryQuery(id));
  return (
    <HistoryList
      query={query}
      actionLabel={historyActionLabel}
      fieldLabels={ORG_FIELD_LABELS}
      valueText={formatValue}
      sentences={(entry) => organizationSentences(entry, formatValue)}
      widths={['25%', '37%']}
    />
  );
}
