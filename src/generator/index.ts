import { buildOrganizations } from './organizations.ts';
import { createRandom } from './random.ts';
import { buildRegion } from './region.ts';
import type { GeneratedRegion } from './types.ts';

export { LEARNER_SHARES, organizationCount } from './allocation.ts';
export { academicYears, generateHistories, type HistoriesOptions } from './histories/generate.ts';
export type { LearnerInput } from './histories/learner.ts';
export { checkHistories, HISTORY_CHECKS, type HistoriesLoadResult, loadHistories } from './histories/load.ts';
export { stableUuid } from './ids.ts';
export { type CopyClient, copyRows, type LoadResult, loadRegion } from './load.ts';
export {
  type Cohort,
  fullName,
  NamePicker,
  namePicker,
  type PersonName,
  type Sex,
  type Surname,
} from './names.ts';
export type * from './person-types.ts';
export { DUPLICATE_KINDS, PERSON_TABLES } from './person-types.ts';
export {
  absorb,
  collectPersons,
  DEFAULT_DUPLICATE_SHARE,
  DEFAULT_TWIN_SHARE,
  generatePersons,
  type PersonsData,
  type PersonsSummary,
  type PersonsTruth,
  summarizePersons,
} from './persons.ts';
export { loadPersons, type PersonsLoadResult } from './persons-load.ts';
export { createRandom, dayNumber, isoFromDay, Random, WeightedPicker } from './random.ts';
export { buildRegion, REGION_NAME, REGION_OKTMO } from './region.ts';
export { type RegionSummary, summarizeRegion } from './summary.ts';
export type * from './types.ts';
export { ORGANIZATION_KINDS } from './types.ts';

/** The date the synthetic region describes; fixed so that the output never depends on the clock. */
export const DEFAULT_AS_OF = '2025-09-01';

export type GenerateOptions = {
  learners: number;
  seed: string | number;
  /** Reference date for statuses, licences and, later, enrollments (default DEFAULT_AS_OF). */
  asOf?: string;
  /** Emit поселения as district territories and place district organizations there (default true). */
  districts?: boolean;
};

/**
 * Builds the synthetic Иркутская область for `learners` learners. Same options, same output: every row,
 * id and name is a function of the seed. Arrays are in insert order (parents before children).
 */
export function generateRegion(options: GenerateOptions): GeneratedRegion {
  const { learners, seed } = options;
  if (!Number.isInteger(learners) || learners < 1) {
    throw new RangeError('learners must be a positive integer');
  }
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const region = buildRegion(seed, { districts: options.districts ?? true });
  const rng = createRandom(seed);
  const organizations = buildOrganizations(rng.fork('organizations'), region, { learners, seed, asOf });
  return { territories: region.territories, organizations };
}
