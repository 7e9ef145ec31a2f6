import { formatInstant, zoneLabel } from '../../common/dates/format-instant.ts';

/**
 * The region's time zone. Staff screens show every instant in it, labelled, whatever the zone of the
 * computer (a clerk's laptop set to Moscow time would otherwise show the log three to five hours off).
 */
export const REGION_TIME_ZONE = 'Asia/Irkutsk';

/** ISO instant → «03.12.2026 14:03:27 (МСК+5)» in the region's zone; seconds unless told otherwise. */
export const formatMoment = (value: string | null | undefined, opts: { seconds?: boolean } = {}) =>
  formatInstant(value, REGION_TIME_ZONE, { seconds: opts.seconds ?? true });

/** The zone in words for a column header or a note: «Иркутск, МСК+5 (UTC+8)». */
export function regionZoneTitle(at: Date = new Date()): string {
  const gmt = new Intl.DateTimeFormat('en-US', { timeZone: REGION_TIME_ZONE, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const utc = gmt?.replace('GMT', 'UTC').replace('-', '−') ?? 'UTC';
  return `Иркутск, ${zoneLabel(REGION_TIME_ZONE, at)} (${utc})`;
}
