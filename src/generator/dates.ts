// Calendar arithmetic on day numbers (days since 1970-01-01), the unit the person generator works in.
import type { Random } from './random.ts';

const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365.25;

/** The same calendar day `years` later (29 February falls back to 1 March in a common year). */
export function anniversary(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()) / DAY_MS;
}

/** Age in whole years on a day, the way documents count it. */
export function fullYears(birthDay: number, onDay: number): number {
  const b = new Date(birthDay * DAY_MS);
  const o = new Date(onDay * DAY_MS);
  let years = o.getUTCFullYear() - b.getUTCFullYear();
  const monthDiff = o.getUTCMonth() - b.getUTCMonth();
  if (monthDiff < 0 || (monthDiff === 0 && o.getUTCDate() < b.getUTCDate())) years--;
  return years;
}

/** Age in fractional years, for bands such as «6.5–18». */
export function ageYears(birthDay: number, onDay: number): number {
  return (onDay - birthDay) / YEAR_DAYS;
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 1 September of a year: the start of the school year. */
export function september1(year: number): number {
  return Date.UTC(year, 8, 1) / DAY_MS;
}

/** The first 1 September on or after `day`. */
export function nextSeptember1(day: number): number {
  const year = yearOf(day);
  const same = september1(year);
  return same >= day ? same : september1(year + 1);
}

/** Uniform day in [from, to]; `to` wins when the range is empty. */
export function dayBetween(rng: Random, from: number, to: number): number {
  return from >= to ? to : rng.int(from, to);
}

/** «ДД.ММ.ГГГГ», the way Russian documents print dates. */
export function ruDate(day: number): string {
  const d = new Date(day * DAY_MS);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${d.getUTCFullYear()}`;
}
