// Education histories for the learners the person generator enrolled: deterministic from the seed and the
// learners (each learner draws from a stream of its own, so the order of learners changes nothing but ids).

import { yearOf } from '../dates.ts';
import { firstGradeDay } from '../enrollment-dates.ts';
import { OrderedIds, stableUuid } from '../ids.ts';
import { createRandom, isoFromDay } from '../random.ts';
import type { GeneratedRegion } from '../types.ts';
import { OrderBook, OrgBook, UnitBook } from './books.ts';
import { type AcademicYearRow, academicYearOf, sep1, YEARS } from './calendar.ts';
import { LearnerHistory, type LearnerInput } from './learner.ts';
import { emptyBatch, type HistoryBatch } from './rows.ts';

export type HistoriesOptions = { seed: string | number; batchSize?: number };

/** The academic years 2022/23 … 2026/27, 1 September to 31 August; ids from the seed. */
export function academicYears(seed: string | number): AcademicYearRow[] {
  return YEARS.map((y) => ({
    id: stableUuid(seed, `academic-year:${y}`),
    starts_on: isoFromDay(sep1(y)),
    ends_on: isoFromDay(sep1(y + 1) - 1),
  }));
}

/** Learners per organization and cohort, for the number of parallel classes and groups. */
function cohortCounts(region: GeneratedRegion, learners: readonly LearnerInput[]) {
  const kinds = new Map(region.organizations.map((o) => [o.id, o.kind]));
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const l of learners) {
    for (const e of [l.main, ...l.additional]) {
      if (!e) continue;
      const kind = kinds.get(e.organizationId);
      if (kind === 'school') add(`${e.organizationId}|school:${academicYearOf(firstGradeDay(l.birthDay))}`);
      else if (kind === 'preschool') add(`${e.organizationId}|group:${yearOf(l.birthDay)}`);
      else if (kind === 'vocational') add(`${e.organizationId}|spo:${academicYearOf(e.startedOn)}`);
      else add(`${e.organizationId}|do`);
    }
  }
  return (orgId: string, key: string) => counts.get(`${orgId}|${key}`) ?? 0;
}

/**
 * Batches of history rows for `learners` (sorted by person id by the caller), `batchSize` learners each.
 * `years` maps the starting calendar year of each academic year to its id in the database.
 */
export function* generateHistories(
  region: GeneratedRegion,
  learners: readonly LearnerInput[],
  years: Map<number, string>,
  options: HistoriesOptions,
): Generator<HistoryBatch> {
  const seed = String(options.seed);
  const batchSize = options.batchSize ?? 5000;
  const ids = new OrderedIds(createRandom(`${seed}:history-ids`));
  const orgs = new OrgBook(region, seed);
  const units = new UnitBook(ids, years);
  const orders = new OrderBook(ids);
  const parallels = cohortCounts(region, learners);
  let out = emptyBatch();
  let inBatch = 0;
  for (const learner of learners) {
    const rng = createRandom(`${seed}:history:${learner.personId}`);
    new LearnerHistory({ ids, orders, out, rng, orgs, units }, learner, parallels).build();
    if (++inBatch >= batchSize) {
      yield out;
      out = emptyBatch();
      inBatch = 0;
    }
  }
  if (inBatch > 0 || out.programmes.length > 0) yield out;
}
