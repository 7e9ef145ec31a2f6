import type pg from 'pg';
import type { RunningServer } from '../../src/server/main.ts';
import type { GeneratedRegion } from '../generator/index.ts';

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
  run: () => Promise<{ units: number }>;
};

export type Variant = {
  name: string;
  /** The baseline the other variants are divided by; exactly one per benchmark. */
  baseline?: boolean;
  /** Explains a gap rather than being part of the comparison: runs only with --diagnostics or --variants. */
  diagnostic?: boolean;
  description: string;
  load: HttpLoad | TimedLoad;
};

export type Benchmark = {
  name: string;
  description: string;
  /** Prepares data and servers; returns the variants to alternate. */
  setup: (ctx: BenchContext) => Promise<Variant[]>;
  /** Facts about this run worth keeping next to the numbers (e.g. the SQL a baseline sent). */
  details?: () => Record<string, unknown>;
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
  p97_5: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
  durationSeconds: number;
  cpu: CpuPerUnit;
};

/** What a runner hands back: the measured run, plus what the CPU accounting needs. */
export type RunOutcome = {
  measurement: Omit<Measurement, 'cpu'>;
  warmupUnits: number;
  clientCpuUs: number | null;
};
