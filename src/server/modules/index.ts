import type { FastifyPluginAsync } from 'fastify';
import type { AnyJobDefinition } from '../platform/jobs/job-types.ts';
import { accessRequestsRoutes } from './access-requests/access-requests.routes.ts';
import { attendanceRoutes } from './attendance/attendance.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { changesRoutes } from './changes/changes.routes.ts';
import { changeFeedGraceJob } from './changes/grace-expiry.job.ts';
import { citizenRoutes } from './citizen/citizen.routes.ts';
import { consentsRoutes } from './consents/consents.routes.ts';
import { contingentRoutes } from './contingent/contingent.routes.ts';
import { contingentImportJob } from './contingent-import/contingent-import.job.ts';
import { contingentImportRoutes } from './contingent-import/contingent-import.routes.ts';
import { dashboardsRoutes } from './dashboards/dashboards.routes.ts';
import { dataCorrectionsRoutes } from './data-corrections/data-corrections.routes.ts';
import { dataQualityJob } from './data-quality/data-quality.job.ts';
import { dataQualityRoutes } from './data-quality/data-quality.routes.ts';
import { duplicateReportJob } from './duplicates/duplicate-report.job.ts';
import { duplicatesRoutes } from './duplicates/duplicates.routes.ts';
import { educationRoutes } from './education/education.routes.ts';
import { giaRoutes } from './gia/gia.routes.ts';
import { identifiersRoutes } from './identifiers/identifiers.routes.ts';
import { attendancePartitionsJob } from './intake/attendance-partitions.job.ts';
import { intakeRoutes } from './intake/intake.routes.ts';
import { jobsRoutes } from './jobs/jobs.routes.ts';
import { livenessRoutes } from './liveness/liveness.routes.ts';
import { ordersRoutes } from './orders/orders.routes.ts';
import { transfersRoutes } from './orders/transfers.routes.ts';
import { organizationsRoutes } from './organizations/organizations.routes.ts';
import { outOfEducationJob } from './out-of-education/detect-cases.job.ts';
import { outOfEducationRoutes } from './out-of-education/out-of-education.routes.ts';
import { overviewRoutes } from './overview/overview.routes.ts';
import { personHealthRoutes } from './person-health/person-health.routes.ts';
import { personsRoutes } from './persons/persons.routes.ts';
import { privacyRoutes } from './privacy/privacy.routes.ts';
import { promotionRoutes } from './promotion/promotion.routes.ts';
import { allocationRunJob } from './queue/allocation-runs/allocation-run.job.ts';
import { allocationRunsRoutes } from './queue/allocation-runs/allocation-runs.routes.ts';
import { queueArchiveJob } from './queue/applications/archive-school-age.job.ts';
import { queueRoutes } from './queue/applications/queue.routes.ts';
import { catchmentsRoutes } from './queue/catchments/catchments.routes.ts';
import { forecastRoutes } from './queue/forecast/forecast.routes.ts';
import { publicQueueRoutes } from './queue/public/public.routes.ts';
import { referralExpiryJob } from './queue/referrals/referral-expiry.job.ts';
import { referralsRoutes } from './queue/referrals/referrals.routes.ts';
import { statFormsRoutes } from './stat-forms/stat-forms.routes.ts';
import { territoriesRoutes } from './territories/territories.routes.ts';
import { usersRoutes } from './users/users.routes.ts';

/** Every module's routes, mounted under /api. */
export const MODULES: FastifyPluginAsync[] = [
  livenessRoutes,
  authRoutes,
  territoriesRoutes,
  organizationsRoutes,
  personsRoutes,
  contingentRoutes,
  educationRoutes,
  ordersRoutes,
  transfersRoutes,
  outOfEducationRoutes,
  promotionRoutes,
  intakeRoutes,
  attendanceRoutes,
  queueRoutes,
  catchmentsRoutes,
  allocationRunsRoutes,
  referralsRoutes,
  publicQueueRoutes,
  forecastRoutes,
  personHealthRoutes,
  giaRoutes,
  contingentImportRoutes,
  consentsRoutes,
  duplicatesRoutes,
  accessRequestsRoutes,
  citizenRoutes,
  dataCorrectionsRoutes,
  privacyRoutes,
  identifiersRoutes,
  usersRoutes,
  auditRoutes,
  changesRoutes,
  overviewRoutes,
  dashboardsRoutes,
  statFormsRoutes,
  dataQualityRoutes,
  jobsRoutes,
];

/** Every kind of durable background job, run by the queue of platform/jobs. */
export const JOBS: AnyJobDefinition[] = [
  duplicateReportJob,
  allocationRunJob,
  contingentImportJob,
  referralExpiryJob,
  queueArchiveJob,
  attendancePartitionsJob,
  outOfEducationJob,
  dataQualityJob,
  changeFeedGraceJob,
];
