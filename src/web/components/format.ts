import dayjs from 'dayjs';
import 'dayjs/locale/ru.js';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import { formatInstant } from '../../common/dates/format-instant.ts';

// Mantine date inputs parse typed text (ДД.ММ.ГГГГ) through dayjs with this plugin.
dayjs.extend(customParseFormat);
dayjs.locale('ru');

/** 'YYYY-MM-DD' (or an ISO instant) → ДД.ММ.ГГГГ; empty → «—». */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('DD.MM.YYYY') : value;
}

// The region's zone, from the session; the browser's own until the session has loaded.
let displayZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Called with each session: every instant on screen is then in the region's zone (REGION_TIME_ZONE). */
export const setDisplayZone = (zone: string) => {
  displayZone = zone;
};

/** ISO instant → «ДД.ММ.ГГГГ ЧЧ:ММ (МСК+5)» in the region's zone, labelled, as in the audit log and PDFs. */
export const formatDateTime = (value: string | null | undefined): string => formatInstant(value, displayZone);

export const today = () => dayjs().format('YYYY-MM-DD');

export const dash = (value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? '—' : String(value);

/**
 * A Russian phone number as people read it, +7 (914) 123-45-67, whether typed with 8, +7 or without the
 * country code; anything else (a foreign or short number) stays as typed.
 */
export function phoneText(value: string): string {
  const digits = value.replace(/\D/g, '');
  const national =
    digits.length === 11 && /^[78]/.test(digits) ? digits.slice(1) : digits.length === 10 ? digits : null;
  if (!national || !/^[3489]/.test(national)) return value;
  return `+7 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`;
}

/** «1 год», «3 года», «5 лет»: a child's age in full years. */
export function yearsText(n: number): string {
  const tail =
    n % 100 >= 11 && n % 100 <= 14 ? 'лет' : (['лет', 'год', 'года', 'года', 'года'][n % 10] ?? 'лет');
  return `${n} ${tail}`;
}
