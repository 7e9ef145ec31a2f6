import { Geography } from './addresses.ts';
import { DocumentIssuer, SnilsIssuer } from './documents.ts';
import { drawFamily, type FamilyContext, linkedFamily } from './families.ts';
import { OrderedIds } from './ids.ts';
import { namePicker } from './names.ts';
import { emptyTables, PersonWriter } from './person-rows.ts';
import {
  DUPLICATE_KINDS,
  type DuplicateKind,
  emptyTruth,
  PERSON_TABLES,
  type PersonChunk,
  type PersonsOptions,
  type PersonsTruth,
  type PersonTable,
  type PersonTables,
} from './person-types.ts';
import { createRandom, dayNumber } from './random.ts';
import type { GeneratedRegion } from './types.ts';

export const DEFAULT_PERSONS_AS_OF = '2025-09-01';
export const DEFAULT_DUPLICATE_SHARE = 0.005;
export const DEFAULT_TWIN_SHARE = 0.003;
export const DEFAULT_CHUNK_SIZE = 20_000;

/**
 * Streams the learners of a generated region and their representatives, chunk by chunk, so that a million
 * learners never sit in memory at once. Same region and options, same rows: everything is drawn from the
 * `persons` fork of the seed, which organizations never touch. Linked (demo) families come first.
 */
export function* generatePersons(region: GeneratedRegion, options: PersonsOptions): Generator<PersonChunk> {
  for (const step of generatePersonSteps(region, options)) if (step !== null) yield step;
}

/**
 * generatePersons with a `null` after every family: a loader can yield to the event loop between families, so
 * the COPY of one chunk streams to PostgreSQL while the next chunk is being drawn.
 */
export function* generatePersonSteps(
  region: GeneratedRegion,
  options: PersonsOptions,
): Generator<PersonChunk | null> {
  const { learners, seed } = options;
  if (!Number.isInteger(learners) || learners < 0) {
    throw new RangeError('learners must be a non-negative integer');
  }
  const duplicateShare = options.duplicateShare ?? DEFAULT_DUPLICATE_SHARE;
  const twinShare = options.twinShare ?? DEFAULT_TWIN_SHARE;
  if (!(duplicateShare >= 0 && duplicateShare <= 1) || !(twinShare >= 0 && twinShare <= 1)) {
    throw new RangeError('duplicateShare and twinShare must be within [0, 1]');
  }
  const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const asOfDay = dayNumber(options.asOf ?? DEFAULT_PERSONS_AS_OF);
  const linked = options.linkedFamilies ?? [];
  const reserved = [...(options.reservedSnils ?? []), ...linked.map((l) => l.parent.snils)];

  const rng = createRandom(seed).fork('persons');
  const geo = new Geography(region);
  const ctx: FamilyContext = { names: namePicker(), geo, asOfDay, twinShare };
  const writer = new PersonWriter({
    rng: rng.fork('details'),
    ids: new OrderedIds(rng.fork('ids')),
    duplicates: rng.fork('duplicates'),
    duplicateShare,
    snils: new SnilsIssuer(rng.fork('snils'), reserved),
    documents: new DocumentIssuer(rng.fork('documents'), asOfDay),
    geo,
    asOfDay,
  });

  const linkedRng = rng.fork('linked');
  for (const family of linked) writer.family(linkedFamily(linkedRng, ctx, family));
  const families = rng.fork('families');
  let remaining = learners;
  while (remaining > 0) {
    const family = drawFamily(families, ctx, remaining);
    remaining -= family.children.length;
    writer.family(family);
    yield writer.learners >= chunkSize ? writer.take() : null;
  }
  const last = writer.take();
  if (last.tables.persons.length > 0) yield last;
}

export type PersonsData = Omit<PersonChunk, 'tables'> & { tables: PersonTables };

/** The whole stream in memory: for tests and small regions only. */
export function collectPersons(region: GeneratedRegion, options: PersonsOptions): PersonsData {
  const all: PersonsData = { ...emptyTruth(), tables: emptyTables() };
  for (const chunk of generatePersons(region, options)) {
    for (const table of PERSON_TABLES) {
      const into = all.tables[table] as unknown[];
      for (const row of chunk.tables[table]) into.push(row);
    }
    absorb(all, chunk);
  }
  return all;
}

export type { PersonsTruth };

/** Adds a chunk's counts and ground truth to a running total. */
export function absorb(total: PersonsTruth, chunk: PersonChunk): void {
  total.learners += chunk.learners;
  total.duplicates += chunk.duplicates;
  total.representatives += chunk.representatives;
  total.planted.push(...chunk.planted);
  total.twins.push(...chunk.twins);
  total.linked.push(...chunk.linked);
}

export type PersonsSummary = {
  learners: number;
  duplicates: number;
  representatives: number;
  rows: Record<PersonTable, number>;
  plantedByKind: Record<DuplicateKind, number>;
  twins: number;
};

/** Counts of the whole stream without keeping it (the CLI's --summary). */
export function summarizePersons(region: GeneratedRegion, options: PersonsOptions): PersonsSummary {
  const rows = Object.fromEntries(PERSON_TABLES.map((t) => [t, 0])) as Record<PersonTable, number>;
  const plantedByKind = Object.fromEntries(DUPLICATE_KINDS.map((k) => [k, 0])) as Record<
    DuplicateKind,
    number
  >;
  const s: PersonsSummary = { learners: 0, duplicates: 0, representatives: 0, rows, plantedByKind, twins: 0 };
  for (const chunk of generatePersons(region, options)) {
    for (const table of PERSON_TABLES) rows[table] += chunk.tables[table].length;
    s.learners += chunk.learners;
    s.duplicates += chunk.duplicates;
    s.representatives += chunk.representatives;
    s.twins += chunk.twins.length;
    for (const p of chunk.planted) plantedByKind[p.kind]++;
  }
  return s;
}
