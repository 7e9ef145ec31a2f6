/** The school year a date falls in (1 September – 31 August), as «2026/2027» and its first day. */
export function schoolYearOf(date: string): { label: string; startsOn: string } {
  const y = Number(date.slice(0, 4));
  const start = date.slice(5) >= '09-01' ? y : y - 1;
  return { label: `${start}/${start + 1}`, startsOn: `${start}-09-01` };
}

/** Days between two ISO dates, inclusive of both. */
export const daysInclusive = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
