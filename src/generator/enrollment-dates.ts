import { anniversary, dayBetween, nextSeptember1, september1, YEAR_DAYS, yearOf } from './dates.ts';
import type { Random } from './random.ts';
import type { OrganizationKind } from './types.ts';

/** The 1 September a child born on `birthDay` goes to the first grade: at 6.5 years or older. */
export function firstGradeDay(birthDay: number): number {
  return nextSeptember1(birthDay + Math.ceil(6.5 * YEAR_DAYS));
}

/**
 * When a current enrollment began: kindergarten between one and three and a half years of age; school on
 * the first-grade 1 September (or later, after a move); college after the 9th or 11th grade, at most four years
 * ago; a club on some September since the first grade. Never after the reference day.
 */
export function enrollmentStart(
  rng: Random,
  kind: OrganizationKind,
  birthDay: number,
  asOfDay: number,
): number {
  const thisYear = yearOf(asOfDay);
  let day: number;
  if (kind === 'preschool') {
    const age = asOfDay - birthDay;
    day = birthDay + dayBetween(rng, Math.min(365, age), Math.min(Math.round(3.5 * YEAR_DAYS), age));
  } else if (kind === 'school') {
    const first = firstGradeDay(birthDay);
    day = rng.chance(0.15) ? dayBetween(rng, first, asOfDay) : first;
  } else if (kind === 'vocational') {
    const after = rng.chance(0.75) ? 15 : 17;
    const entry = nextSeptember1(anniversary(birthDay, after) + 60);
    day = Math.max(entry, september1(thisYear - 3));
  } else {
    const from = Math.max(firstGradeDay(birthDay), september1(thisYear - 4));
    const year = rng.int(yearOf(from), thisYear);
    day = Math.max(september1(year) + rng.int(0, 45), from);
  }
  return Math.min(day, asOfDay);
}
