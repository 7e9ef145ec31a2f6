/**
 * Working days after `from` up to and including `to` (both ISO dates), counting Monday to Friday.
 * Public holidays are not known to the registry; a holiday makes a deadline one day stricter, never
 * laxer, which is the safe side for the one-day and «выбыл и не прибыл» rules.
 */
export function workingDaysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (!(b > a)) return 0;
  const days = Math.round((b - a) / 86_400_000);
  const full = Math.floor(days / 7);
  let n = full * 5;
  const startDow = new Date(a).getUTCDay();
  for (let i = 1; i <= days - full * 7; i++) {
    const dow = (startDow + i) % 7;
    if (dow !== 0 && dow !== 6) n++;
  }
  return n;
}

/** The calendar date of an instant in a time zone, as ISO. */
export const dateInZone = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );
