import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type pg from 'pg';
import type { PreparedPersons } from './persons.ts';
import type { VariantResult } from './rounds.ts';
import type { BenchParams } from './types.ts';

export type MachineInfo = {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
};

export async function machineInfo(admin: pg.Client): Promise<MachineInfo> {
  const pgVersion = await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: pgVersion.rows[0]?.v ?? 'unknown',
  };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** A plain-text table: one line per variant, the median round's numbers. */
export function formatTable(name: string, results: VariantResult[], client: string): string {
  // p95 only exists for timed loads; the column appears when some variant has it.
  const p95 = results.some((r) => r.median.p95 !== undefined);
  const head = [
    'variant',
    'throughput',
    'p50 ms',
    ...(p95 ? ['p95 ms'] : []),
    'p97.5 ms',
    'p99 ms',
    'errors',
    'non-2xx',
    'ratio',
    'server µs',
    'pg µs',
  ];
  const rows = results.map((r) => [
    r.baseline ? `${r.name} (baseline)` : r.name,
    `${fmt(r.median.throughput)} ${r.median.unit}/s`,
    fmt(r.median.p50, 1),
    ...(p95 ? [fmt(r.median.p95 ?? Number.NaN, 1)] : []),
    fmt(r.median.p97_5, 1),
    fmt(r.median.p99, 1),
    String(r.rounds.reduce((s, m) => s + m.errors, 0)),
    String(r.rounds.reduce((s, m) => s + m.non2xx, 0)),
    fmt(r.ratio, 2),
    String(r.median.cpu.server),
    r.median.cpu.postgres === null ? '—' : String(r.median.cpu.postgres),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)));
  const who = client === 'inline' ? 'this process (server and load generator)' : 'the server process';
  const note = `server/pg µs: CPU per unit of work in ${who} and in PostgreSQL (median round)`;
  return [`== ${name}`, line(head).join('  '), ...rows.map((row) => line(row).join('  ')), note].join('\n');
}

export type ResultFile = {
  name: string;
  description: string;
  date: string;
  machine: MachineInfo;
  parameters: BenchParams & {
    client: string;
    database: 'embedded' | 'kept' | 'DATABASE_URL';
    organizations: number;
    persons?: number;
    personsLoadedWith?: PreparedPersons['loadedWith'];
  };
  variants: VariantResult[];
  details?: Record<string, unknown>;
};

/** bench/results/<name>.json (git-ignored); the previous run's file is overwritten. */
export function writeResult(result: ResultFile): string {
  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${result.name}.json`, dir);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file.pathname;
}
