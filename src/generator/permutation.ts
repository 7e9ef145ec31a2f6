import type { Random } from './random.ts';

const ROUNDS = 4;

/**
 * A keyed bijection on [0, size): a balanced Feistel network over the next even power of two, cycle-walked
 * back into range. Numbering identifiers through it makes them unique by construction, so the generator
 * needs no set of millions of issued СНИЛС, and consecutive persons still get unrelated-looking numbers.
 */
export class Permutation {
  readonly size: number;
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(size: number, rng: Random) {
    if (!Number.isInteger(size) || size < 4 || size > 2 ** 30) {
      throw new RangeError(`Permutation size must be an integer in [4, 2^30], got ${size}`);
    }
    let bits = Math.ceil(Math.log2(size));
    if (bits % 2 === 1) bits++;
    this.size = size;
    this.half = bits / 2;
    this.mask = (1 << this.half) - 1;
    this.keys = Array.from({ length: ROUNDS }, () => rng.uint32());
  }

  apply(x: number): number {
    if (!(x >= 0 && x < this.size)) throw new RangeError(`${x} is outside [0, ${this.size})`);
    let y = x;
    do y = this.encrypt(y);
    while (y >= this.size);
    return y;
  }

  private encrypt(x: number): number {
    let l = x >>> this.half;
    let r = x & this.mask;
    for (const key of this.keys) {
      let h = Math.imul(r ^ key, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      const next = l ^ (h & this.mask);
      l = r;
      r = next;
    }
    return ((l << this.half) | r) >>> 0;
  }
}
