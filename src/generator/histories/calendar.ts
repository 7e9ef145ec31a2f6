// The calendar of the histories: five past academic years and the current one, on the region's dates.
import { dayNumber } from '../random.ts';

const DAY_MS = 86_400_000;

/** The day the histories describe: the current academic year 2026/27 is three months old. */
export const HISTORY_AS_OF = '2026-12-03';
export const AS_OF_DAY = dayNumber(HISTORY_AS_OF);
/** First and last academic year with classes, groups and placements: 2022/23 … 2026/27. */
export const FIRST_YEAR = 2022;
export const LAST_YEAR = 2026;
export const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);

export const day = (year: number, month: number, date: number) => Date.UTC(year, month - 1, date) / DAY_MS;
export const sep1 = (year: number) => day(year, 9, 1);
export const WINDOW_START = sep1(FIRST_YEAR);

/** The academic year (by its starting calendar year) a day belongs to. */
export function academicYearOf(d: number): number {
  const y = new Date(d * DAY_MS).getUTCFullYear();
  return d >= sep1(y) ? y : y - 1;
}

export type AcademicYearRow = { id: string; starts_on: string; ends_on: string };
