import { definePolicy } from '../../platform/access/policy.ts';

/**
 * Background jobs are seen by their owner and by the operators of the territory they work on (a region-
 * wide job: the regional operators); the scope is applied by jobs.queries.ts.
 */
export const JobActions = definePolicy({
  'job.read': ['regional_operator', 'municipal_specialist'],
  'job.cancel': ['regional_operator', 'municipal_specialist'],
});
