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

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex16 = (n: number) => (HEX_BYTE[n >>> 8] as string) + (HEX_BYTE[n & 0xff] as string);
// The ids' clock starts here; one millisecond per id keeps them distinct and in issue order.
const ORDERED_EPOCH_MS = Date.UTC(2024, 0, 1);

/**
 * Time-ordered UUIDs (version-7 layout) on a synthetic clock that ticks once per id, with random low bits
 * from a seeded stream. Rows of a bulk load then land at the right edge of every index on an id or person id
 * instead of all over it, which keeps a million-learner load inside a small buffer cache.
 */
export class OrderedIds {
  private readonly rng: { uint32(): number };
  private tick = 0;

  constructor(rng: { uint32(): number }) {
    this.rng = rng;
  }

  next(): string {
    return this.format(this.tick++, this.rng);
  }

  /** An id on the same tick as the last one issued, its random bits drawn from another stream. */
  besideLast(rng: { uint32(): number }): string {
    return this.format(Math.max(0, this.tick - 1), rng);
  }

  private format(tick: number, rng: { uint32(): number }): string {
    const ms = ORDERED_EPOCH_MS + tick;
    const high = Math.floor(ms / 2 ** 32); // 16 bits
    const low = ms >>> 0; // 32 bits
    const a = rng.uint32();
    const b = rng.uint32();
    const c = rng.uint32();
    const randA = (0x7000 | (a & 0x0fff)) >>> 0; // version 7
    const variant = (0x8000 | ((a >>> 16) & 0x3fff)) >>> 0; // RFC 9562 variant
    return (
      `${hex16(high)}${hex16(low >>> 16)}-${hex16(low & 0xffff)}-${hex16(randA)}-${hex16(variant)}-` +
      `${hex16(b >>> 16)}${hex16(b & 0xffff)}${hex16(c >>> 16)}`
    );
  }
}
