/**
 * Instants as people in the region read them: one zone for every screen and every PDF, always
 * labelled, so «13:11» on the screen and «13:11» in a downloaded file are the same moment. The label
 * counts from Moscow time («МСК+5» for Irkutsk), as Russian timetables and notices do. Intl only, so
 * the server and the browser bundle share this file.
 */

const MOSCOW_OFFSET_MINUTES = 180;

export const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Minutes east of UTC of the zone at the instant (from Intl's «GMT+08:00»). */
function offsetMinutes(at: Date, zone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = name?.match(/GMT([+-])(\d{2}):(\d{2})/);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** «МСК», «МСК+5», «МСК−1»; a zone off Moscow by a fraction of an hour reads «UTC+05:30». */
export function zoneLabel(zone: string, at: Date = new Date()): string {
  const offset = offsetMinutes(at, zone);
  const diff = offset - MOSCOW_OFFSET_MINUTES;
  if (diff === 0) return 'МСК';
  if (diff % 60 === 0) return `МСК${diff > 0 ? '+' : '−'}${Math.abs(diff / 60)}`;
  const h = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `UTC${offset < 0 ? '−' : '+'}${h}:${mm}`;
}

function parts(at: Date, zone: string, seconds: boolean) {
  const p = new Intl.DateTimeFormat('ru-RU', {
    timeZone: zone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return {
    date: `${get('day')}.${get('month')}.${get('year')}`,
    time: seconds ? `${get('hour')}:${get('minute')}:${get('second')}` : `${get('hour')}:${get('minute')}`,
  };
}

/** ISO instant → «03.12.2026 13:11 (МСК+5)» in the zone; empty → «—»; unreadable → as given. */
export function formatInstant(
  value: string | Date | null | undefined,
  zone: string,
  opts: { seconds?: boolean } = {},
): string {
  if (!value) return '—';
  const at = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(at.getTime())) return String(value);
  const { date, time } = parts(at, zone, opts.seconds ?? false);
  return `${date} ${time} (${zoneLabel(zone, at)})`;
}

/** The calendar date ('YYYY-MM-DD') in the zone at the instant: «today» where the family lives. */
export function dateIn(zone: string, at: Date = new Date()): string {
  const { date } = parts(at, zone, false);
  const [d, m, y] = date.split('.');
  return `${y}-${m}-${d}`;
}
