// Seeded randomness for the synthetic region. sfc32 rather than Math.random: the same seed must rebuild the
// same region byte for byte, and 128 bits of state keep streams apart for millions of persons.

const TWO_POW_32 = 4294967296;
const DAY_MS = 86_400_000;

/** cyrb128: spreads any seed string over four 32-bit words so that similar seeds give unrelated streams. */
function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Days since 1970-01-01 of an ISO date; lets hot loops draw dates as integers. */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

// Dates of 1900–2100 are formatted once: millions of birth and document dates would otherwise each build a Date.
const ISO_CACHE_FROM = -25_567; // 1900-01-01
const isoCache: (string | undefined)[] = [];

export function isoFromDay(day: number): string {
  const k = day - ISO_CACHE_FROM;
  if (k >= 0 && k < 73_415 && Number.isInteger(day)) {
    const cached = isoCache[k];
    if (cached !== undefined) return cached;
    const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoCache[k] = iso;
    return iso;
  }
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Four hex digits of a 16-bit number, from a byte table: formatting dominated the cost of a million ids. */
function hex16(n: number): string {
  return (HEX_BYTE[n >>> 8] as string) + (HEX_BYTE[n & 0xff] as string);
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  readonly seed: string;

  constructor(seed: string | number) {
    this.seed = String(seed);
    [this.a, this.b, this.c, this.d] = hashSeed(this.seed);
    // The first outputs of sfc32 still echo the seed words.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  /**
   * An independent stream named by key. Each part of the generator forks its own stream, so adding draws to
   * one part (say, persons) never shifts what another part (organizations) produces for the same seed.
   */
  fork(key: string): Random {
    return new Random(`${this.seed}/${key}`);
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A string of random decimal digits, leading zeros kept (serial numbers, identifier bodies). */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }

  /** Fisher–Yates in place; returns the same array for chaining. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** Uniform ISO date in [from, to], both included. */
  date(from: string, to: string): string {
    return isoFromDay(this.int(dayNumber(from), dayNumber(to)));
  }

  /** Integer in [min, max] skewed towards min when power > 1 and towards max when power < 1. */
  skewed(min: number, max: number, power: number): number {
    return min + Math.floor(this.next() ** power * (max - min + 1));
  }

  /** A version-4 layout UUID from this stream (cheap enough for millions of rows). */
  uuid(): string {
    const w1 = this.uint32();
    const w2 = ((this.uint32() & 0xffff0fff) | 0x4000) >>> 0; // version nibble
    const w3 = ((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
    const w4 = this.uint32();
    return `${hex16(w1 >>> 16)}${hex16(w1 & 0xffff)}-${hex16(w2 >>> 16)}-${hex16(w2 & 0xffff)}-${hex16(w3 >>> 16)}-${hex16(w3 & 0xffff)}${hex16(w4 >>> 16)}${hex16(w4 & 0xffff)}`;
  }
}

export function createRandom(seed: string | number): Random {
  return new Random(seed);
}

/**
 * Weighted choice with cumulative weights and a binary search: O(log n) per draw, built once, so picking
 * surnames out of 2000 for a million persons stays cheap.
 */
export class WeightedPicker<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('WeightedPicker needs one weight per item and at least one item');
    }
    this.items = items;
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`bad weight ${w} at ${i}`);
      sum += w;
      this.cumulative[i] = sum;
    }
    if (sum <= 0) throw new RangeError('WeightedPicker needs a positive total weight');
    this.total = sum;
  }

  static of<T>(items: readonly T[], weightOf: (item: T) => number): WeightedPicker<T> {
    return new WeightedPicker(items, items.map(weightOf));
  }

  index(rng: Random): number {
    const target = rng.next() * this.total;
    const cum = this.cumulative;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cum[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  pick(rng: Random): T {
    return this.items[this.index(rng)] as T;
  }
}
