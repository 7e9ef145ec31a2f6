import { describe, expect, it } from 'vitest';
import { dateIn, formatInstant, isTimeZone, zoneLabel } from './format-instant.ts';

describe('formatInstant', () => {
  it('shows the instant in the zone with a label counted from Moscow', () => {
    const at = '2026-03-05T13:11:40Z';
    expect(formatInstant(at, 'Asia/Irkutsk')).toBe('05.03.2026 21:11 (МСК+5)');
    expect(formatInstant(at, 'Europe/Moscow')).toBe('05.03.2026 16:11 (МСК)');
    expect(formatInstant(at, 'Europe/Kaliningrad')).toBe('05.03.2026 15:11 (МСК−1)');
    expect(formatInstant(at, 'Asia/Irkutsk', { seconds: true })).toBe('05.03.2026 21:11:40 (МСК+5)');
  });

  it('crosses midnight in the zone, not in UTC', () => {
    expect(formatInstant('2026-12-31T20:30:00Z', 'Asia/Irkutsk')).toBe('01.01.2027 04:30 (МСК+5)');
    expect(dateIn('Asia/Irkutsk', new Date('2026-12-31T20:30:00Z'))).toBe('2027-01-01');
  });

  it('labels zones off Moscow by a fraction of an hour by UTC offset, and rejects unknown zones', () => {
    expect(zoneLabel('Asia/Kolkata')).toBe('UTC+05:30');
    expect(isTimeZone('Asia/Irkutsk')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('answers «—» for nothing and the text itself for something unreadable', () => {
    expect(formatInstant(null, 'Asia/Irkutsk')).toBe('—');
    expect(formatInstant('вчера', 'Asia/Irkutsk')).toBe('вчера');
  });
});
