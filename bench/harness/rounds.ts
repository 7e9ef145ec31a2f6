import { ownCpu } from './cpu.ts';
import { type ClientMode, type RunShape, runHttpLoad } from './http-runner.ts';
import { runTimedLoad } from './timed-runner.ts';
import type { Measurement, Variant } from './types.ts';

export type RunOptions = {
  mode: ClientMode;
  /** Cumulative CPU microseconds of the PostgreSQL cluster, when it runs on this machine. */
  postgresCpu: (() => number) | null;
  onRun?: (variant: string, round: number, m: Measurement) => void;
};

export type VariantResult = {
  name: string;
  description: string;
  baseline: boolean;
  /** The round whose throughput is the median of this variant's rounds. */
  median: Measurement;
  /**
   * Median over rounds of (this variant / baseline) measured in the same round; 1 for the baseline. The
   * baseline is the variant's `compareTo`, else the benchmark's; NaN when there is none.
   */
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

async function runOne(v: Variant, common: RunShape, opts: RunOptions): Promise<Measurement> {
  const shape = { ...common, ...v.shape };
  const server0 = ownCpu();
  const pg0 = opts.postgresCpu?.() ?? 0;
  const out =
    v.load.kind === 'http' ? await runHttpLoad(v.load, shape, opts.mode) : await runTimedLoad(v.load, shape);
  const units = Math.max(1, out.warmupUnits + out.measurement.total);
  const perUnit = (us: number) => Math.round(us / units);
  return {
    ...out.measurement,
    cpu: {
      server: perUnit(ownCpu() - server0),
      postgres: opts.postgresCpu ? perUnit(opts.postgresCpu() - pg0) : null,
      client: out.clientCpuUs === null ? null : perUnit(out.clientCpuUs),
    },
  };
}

/**
 * Alternates the variants for `rounds` rounds, reversing the order every other round (A B, B A, A B …) so
 * that a slow drift of the noisy machine does not always favour the variant that runs first. Ratios are
 * taken within a round, where both variants saw nearly the same machine, then the median is reported.
 */
export async function runRounds(
  variants: Variant[],
  shape: RunShape & { rounds: number },
  opts: RunOptions,
): Promise<VariantResult[]> {
  const baseline = variants.find((v) => v.baseline);
  const byName = new Map(variants.map((v) => [v.name, [] as Measurement[]]));
  for (let round = 0; round < shape.rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      const m = await runOne(v, shape, opts);
      byName.get(v.name)!.push(m);
      opts.onRun?.(v.name, round + 1, m);
    }
  }
  return variants.map((v) => {
    const rounds = byName.get(v.name)!;
    const baseRounds = byName.get(v.compareTo ?? baseline?.name ?? '') ?? null;
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
