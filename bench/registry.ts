import { attendanceIntake } from './benchmarks/attendance-intake.ts';
import { contingentImport } from './benchmarks/contingent-import.ts';
import { dashboards } from './benchmarks/dashboards.ts';
import { dataQuality } from './benchmarks/data-quality.ts';
import { giaImport } from './benchmarks/gia-import.ts';
import { learnerHistory } from './benchmarks/learner-history.ts';
import { organizationCard } from './benchmarks/organization-card.ts';
import { personCard } from './benchmarks/person-card.ts';
import { duplicateReport } from './benchmarks/person-duplicates.ts';
import { personSearch, personSearchSlips } from './benchmarks/person-search.ts';
import { preschoolAllocation } from './benchmarks/preschool-allocation.ts';
import { regionCounts } from './benchmarks/region-counts.ts';
import { regionPromotion } from './benchmarks/region-promotion.ts';
import { schoolContingent } from './benchmarks/school-contingent.ts';
import { statForms } from './benchmarks/stat-forms.ts';
import type { Benchmark } from './harness/types.ts';

/** Every benchmark `npm run bench` knows, in the order they run by default. */
export const BENCHMARKS: (() => Benchmark)[] = [
  organizationCard,
  personSearch,
  personSearchSlips,
  personCard,
  duplicateReport,
  learnerHistory,
  schoolContingent,
  regionCounts,
  statForms,
  dataQuality,
  dashboards,
  regionPromotion,
  preschoolAllocation,
  attendanceIntake,
  giaImport,
  contingentImport,
];
