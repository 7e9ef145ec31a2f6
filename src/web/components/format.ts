import dayjs from 'dayjs';
import 'dayjs/locale/ru.js';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';

// Mantine date inputs parse typed text (ДД.ММ.ГГГГ) through dayjs with this plugin.
dayjs.extend(customParseFormat);
dayjs.locale('ru');

/** 'YYYY-MM-DD' (or an ISO instant) → ДД.ММ.ГГГГ; empty → «—». */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('DD.MM.YYYY') : value;
}

/** ISO instant → ДД.ММ.ГГГГ ЧЧ:ММ in the browser's time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('DD.MM.YYYY HH:mm') : value;
}

export const today = () => dayjs().format('YYYY-MM-DD');

export const dash = (value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? '—' : String(value);
