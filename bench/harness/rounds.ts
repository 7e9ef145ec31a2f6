import { type ClientMode, type RunShape, runHttpLoad } from './http-runner.ts';
import { runTimedLoad } from './timed-runner.ts';
import type { Measurement, Variant } from './types.ts';

export type VariantResult = {
  name: string;
  description: string;
  baseline: boolean;
  /** The round whose throughput is the median of this variant's rounds. */
  median: Measurement;
  /** Median over rounds of (this variant / baseline) measured in the same round; 1 for the baseline. */
  ratio: number;
  rounds: Measurement[];
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The measurement with the median throughput (the lower middle one for an even count). */
const medianRound = (rounds: Measurement[]) =>
  [...rounds].sort((a, b) => a.throughput - b.throughput)[Math.floor((rounds.length - 1) / 2)]!;

const runOne = (v: Variant, shape: RunShape, mode: ClientMode) =>
  v.load.kind === 'http' ? runHttpLoad(v.load, shape, mode) : runTimedLoad(v.load, shape);

/**
 * Alternates the variants for `rounds` rounds, reversing the order every other round (A B, B A, A B …) so
 * that a slow drift of the noisy machine does not always favour the variant that runs first. Ratios are
 * taken within a round, where both variants saw nearly the same machine, then the median is reported.
 */
export async function runRounds(
  variants: Variant[],
  shape: RunShape & { rounds: number },
  mode: ClientMode,
  onRun: (variant: string, round: number, m: Measurement) => void = () => {},
): Promise<VariantResult[]> {
  const baseline = variants.find((v) => v.baseline);
  const byName = new Map(variants.map((v) => [v.name, [] as Measurement[]]));
  for (let round = 0; round < shape.rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      const m = await runOne(v, shape, mode);
      byName.get(v.name)!.push(m);
      onRun(v.name, round + 1, m);
    }
  }
  const baseRounds = baseline ? byName.get(baseline.name)! : null;
  return variants.map((v) => {
    const rounds = byName.get(v.name)!;
    const ratios = baseRounds ? rounds.map((m, i) => m.throughput / baseRounds[i]!.throughput) : [];
    return {
      name: v.name,
      description: v.description,
      baseline: v.baseline === true,
      median: medianRound(rounds),
      ratio: ratios.length ? median(ratios) : Number.NaN,
      rounds,
    };
  });
}
