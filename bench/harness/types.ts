import type pg from 'pg';
import type { GeneratedRegion } from '../../src/generator/index.ts';
import type { RunningServer } from '../../src/server/main.ts';
import type { RunShape } from './http-runner.ts';
import type { PreparedPersons } from './persons.ts';
import type { VariantResult } from './rounds.ts';

export type BenchParams = {
  learners: number;
  seed: string;
  /** Seconds of the measured run of one variant in one round. */
  duration: number;
  /** Seconds of load before each measured run, thrown away. */
  warmup: number;
  rounds: number;
  connections: number;
};

/** What the harness has prepared before any benchmark runs: one database, one region, one app. */
export type BenchContext = {
  params: BenchParams;
  /** Owner (superuser) connection string of the benchmark database. */
  adminUrl: string;
  /** A shared owner connection for setup queries; benchmarks must not leave transactions open on it. */
  admin: pg.Client;
  region: GeneratedRegion;
  rootTerritoryId: string;
  /** Persons of the region, when a selected benchmark `needs` them; null otherwise. */
  persons: PreparedPersons | null;
  /** The full application, listening on its own port, DATABASE_POOL_SIZE connections. */
  app: RunningServer;
  appUrl: string;
  poolSize: number;
};

/** Load generated over HTTP by autocannon, cycling through `paths` so no single row is measured. */
export type HttpLoad = {
  kind: 'http';
  url: string;
  paths: string[];
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
};

/**
 * A unit of work timed end to end (an import, a report), run repeatedly for the measured duration.
 * `units` is what one call processed (rows, requests), so throughput reads as units per second.
 */
export type TimedLoad = {
  kind: 'timed';
  unit: string;
  /** `call`: this call's number within the warm-up or the measured run, from 0. */
  run: (call: number) => Promise<{ units: number }>;
  /** Calls in flight at once, each loop calling back to back (default 1). */
  concurrency?: number;
};

export type Variant = {
  name: string;
  /** The baseline the other variants are divided by; exactly one per benchmark. */
  baseline?: boolean;
  /** Explains a gap rather than being part of the comparison: runs only with --diagnostics or --variants. */
  diagnostic?: boolean;
  description: string;
  load: HttpLoad | TimedLoad;
  /** This variant's own connections, warm-up or duration (e.g. a report timed once per round). */
  shape?: Partial<RunShape>;
  /** Name of the variant this one's ratio is taken against, instead of the benchmark's baseline. */
  compareTo?: string;
};

export type Benchmark = {
  name: string;
  description: string;
  /** Prepares data and servers; returns the variants to alternate. */
  setup: (ctx: BenchContext) => Promise<Variant[]>;
  /** Data the harness prepares before setup; 'persons': the region's persons (see harness/persons.ts). */
  needs?: ('persons' | 'histories')[];
  /** Facts about this run worth keeping next to the numbers (e.g. the SQL a baseline sent). */
  details?: (results: VariantResult[]) => Record<string, unknown> | Promise<Record<string, unknown>>;
  teardown?: () => Promise<void>;
};

/**
 * CPU microseconds per unit of work, over warm-up and measured run together (the same load, more samples).
 * server: this process (with the load generator in it when --client inline); postgres: the cluster's
 * processes, null when it is not local; client: the load generator's child process, null when inline.
 */
export type CpuPerUnit = { server: number; postgres: number | null; client: number | null };

/** One measured run of one variant. Latencies in milliseconds. */
export type Measurement = {
  throughput: number;
  unit: string;
  p50: number;
  /** Only where every latency is kept (timed loads); autocannon's histogram has no p95. */
  p95?: number;
  p97_5: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
  /** 2xx answers in warm-up and measured run together (HTTP loads), e.g. to match against audit rows. */
  responses2xx?: number;
  durationSeconds: number;
  cpu: CpuPerUnit;
};

/** What a runner hands back: the measured run, plus what the CPU accounting needs. */
export type RunOutcome = {
  measurement: Omit<Measurement, 'cpu'>;
  warmupUnits: number;
  clientCpuUs: number | null;
};
