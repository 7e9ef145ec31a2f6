import { organizationCard } from './benchmarks/organization-card.ts';
import type { Benchmark } from './harness/types.ts';

/** Every benchmark `npm run bench` knows, in the order they run by default. */
export const BENCHMARKS: (() => Benchmark)[] = [organizationCard];
