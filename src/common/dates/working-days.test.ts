import { describe, expect, it } from 'vitest';
import { dateInZone, workingDaysBetween } from './working-days.ts';

describe('working days', () => {
  it('counts Monday to Friday after the first date up to the second', () => {
    // 2026-12-04 is a Friday.
    expect(workingDaysBetween('2026-12-04', '2026-12-04')).toBe(0);
    expect(workingDaysBetween('2026-12-04', '2026-12-05')).toBe(0);
    expect(workingDaysBetween('2026-12-04', '2026-12-07')).toBe(1);
    expect(workingDaysBetween('2026-12-04', '2026-12-08')).toBe(2);
    expect(workingDaysBetween('2026-12-01', '2026-12-15')).toBe(10);
    expect(workingDaysBetween('2026-12-08', '2026-12-04')).toBe(0);
  });
  it('agrees with a day-by-day count over a year of pairs', () => {
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
    for (let s = 0; s < 30; s++)
      for (let len = 0; len < 40; len++) {
        let n = 0;
        for (let i = s + 1; i <= s + len; i++)
          if (![0, 6].includes(new Date(`${day(i)}T00:00:00Z`).getUTCDay())) n++;
        expect(workingDaysBetween(day(s), day(s + len))).toBe(n);
      }
  });
  it('reads the date of an instant in the region', () => {
    expect(dateInZone(new Date('2026-12-03T20:30:00Z'), 'Asia/Irkutsk')).toBe('2026-12-04');
    expect(dateInZone(new Date('2026-12-03T20:30:00Z'), 'Europe/Moscow')).toBe('2026-12-03');
  });
});
