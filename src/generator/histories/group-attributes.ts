import { createHash } from 'node:crypto';
import { type GROUP_FOCUSES, IMPAIRMENT_TYPES, type STAY_MODES } from '../../common/education-dictionary.ts';

/** The first two bytes of md5(text): what PostgreSQL's get_byte(decode(md5(text), 'hex'), 0 and 1) give. */
const md5Bytes = (text: string) => {
  const d = createHash('md5').update(text).digest();
  return [d[0]!, d[1]!] as const;
};

export type GroupFocus = (typeof GROUP_FOCUSES)[number];
export type StayMode = (typeof STAY_MODES)[number];
export type Impairment = (typeof IMPAIRMENT_TYPES)[number];

/**
 * A kindergarten group's направленность, impairment and stay mode from its kindergarten and name alone,
 * so a region loaded before groups carried them gets the same values in SQL (bench/harness/histories.ts)
 * and 85-К section 4 has every row to count: about one group in 16 is compensating (with one of the nine
 * impairments), one in 16 combined, one in 32 оздоровительная, one in 64 присмотр и уход, the rest
 * общеразвивающие; one in 17 is кратковременного пребывания, one in 26 продленного дня, one in 85
 * круглосуточного, the rest полного дня.
 */
export function groupAttributesOf(organizationId: string, name: string) {
  const [own, mode] = md5Bytes(`${organizationId}|${name}`);
  const group_focus: GroupFocus =
    own < 16 ? 'compensating' : own < 32 ? 'combined' : own < 40 ? 'health' : own < 44 ? 'care' : 'general';
  const impairment_type: Impairment | null =
    group_focus === 'compensating' ? IMPAIRMENT_TYPES[mode % IMPAIRMENT_TYPES.length]! : null;
  const stay_mode: StayMode =
    mode < 15 ? 'short' : mode < 25 ? 'extended' : mode < 28 ? 'round_the_clock' : 'full';
  return { group_focus, impairment_type, stay_mode };
}

const byte = (k: 0 | 1) => `get_byte(decode(md5(u.organization_id::text || '|' || u.name), 'hex'), ${k})`;

/** The same rule in SQL over a `units` row aliased `u`, for groups loaded without it. */
export const GROUP_ATTRIBUTES_SQL = `
  UPDATE units u SET
    group_focus = CASE WHEN ${byte(0)} < 16 THEN 'compensating' WHEN ${byte(0)} < 32 THEN 'combined'
                       WHEN ${byte(0)} < 40 THEN 'health' WHEN ${byte(0)} < 44 THEN 'care' ELSE 'general' END,
    impairment_type = CASE WHEN ${byte(0)} < 16
                           THEN (ARRAY[${IMPAIRMENT_TYPES.map((i) => `'${i}'`).join(', ')}])[${byte(1)} % ${IMPAIRMENT_TYPES.length} + 1] END,
    stay_mode = CASE WHEN ${byte(1)} < 15 THEN 'short' WHEN ${byte(1)} < 25 THEN 'extended'
                     WHEN ${byte(1)} < 28 THEN 'round_the_clock' ELSE 'full' END
  WHERE u.kind = 'group' AND u.stay_mode IS NULL`;
