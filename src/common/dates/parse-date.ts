/** What a typed date means: nothing, a day (ISO 'YYYY-MM-DD'), or a mistake to show under the field. */
export type ParsedDate =
  | { kind: 'empty' }
  | { kind: 'date'; iso: string }
  | { kind: 'invalid'; message: string };

export type DateLimits = { min?: string | undefined; max?: string | undefined };

const EARLIEST = '1900-01-01';
const SEPARATED = /^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4})$/;
const DIGITS_ONLY = /^(\d{2})(\d{2})(\d{4})$/;

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** ДД.ММ.ГГГГ from 'YYYY-MM-DD'. */
export const displayDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** Today in the browser's calendar, as ISO. */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Reads a date the Russian way only: day first (1.4.2019 is the first of April), with dots, dashes,
 * slashes or spaces between the parts, or eight digits in a row. Nothing is ever rolled over or guessed:
 * 31.02.2019 is a mistake, not the third of March.
 */
export function parseDate(text: string, limits: DateLimits = {}): ParsedDate {
  const t = text.trim();
  if (t === '') return { kind: 'empty' };
  const m = SEPARATED.exec(t) ?? DIGITS_ONLY.exec(t);
  if (!m) return { kind: 'invalid', message: 'Введите дату в виде ДД.ММ.ГГГГ, например 01.09.2019' };
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return { kind: 'invalid', message: `Нет месяца с номером ${m[2]}` };
  if (day < 1 || day > daysIn(year, month)) {
    return { kind: 'invalid', message: `Нет такой даты: ${pad(day)}.${pad(month)}.${year}` };
  }
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  const min = limits.min && limits.min > EARLIEST ? limits.min : EARLIEST;
  if (iso < min) return { kind: 'invalid', message: `Дата не может быть раньше ${displayDate(min)}` };
  if (limits.max && iso > limits.max) {
    return { kind: 'invalid', message: `Дата не может быть позже ${displayDate(limits.max)}` };
  }
  return { kind: 'date', iso };
}
