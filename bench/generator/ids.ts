import { createHash } from 'node:crypto';

/**
 * A UUID (version-5 layout) named by seed and key: the same territory or organization keeps its id across
 * runs and across changes elsewhere in the generator, which plain stream-drawn ids would not.
 */
export function stableUuid(seed: string | number, key: string): string {
  const h = createHash('sha1').update(`${seed}:${key}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
