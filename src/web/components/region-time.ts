import { formatInstant, zoneLabel } from '../../common/dates/format-instant.ts';
import { useSession } from './session.ts';

/** Until the session has loaded (never on a staff screen in practice): the default of REGION_TIME_ZONE. */
const FALLBACK_ZONE = 'Asia/Irkutsk';

/** «МСК+5 (UTC+8)»: the zone in words for a column header or a note. */
export function zoneTitle(zone: string, at: Date = new Date()): string {
  const gmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const utc = gmt === 'GMT' || !gmt ? 'UTC' : gmt.replace('GMT', 'UTC').replace('-', '−');
  return `${zoneLabel(zone, at)} (${utc})`;
}

/**
 * Instants on staff screens: in the region's zone (REGION_TIME_ZONE, sent with the session), labelled,
 * to the second, whatever the zone of the computer (a laptop set to Moscow time would otherwise show the
 * log hours off, and unlabelled).
 */
export function useRegionTime() {
  const zone = useSession()?.timeZone ?? FALLBACK_ZONE;
  return {
    zone,
    /** ISO instant → «03.12.2026 14:03:27 (МСК+5)». */
    moment: (value: string | null | undefined) => formatInstant(value, zone, { seconds: true }),
    title: zoneTitle(zone),
  };
}
