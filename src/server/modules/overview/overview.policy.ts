import { definePolicy } from '../../platform/access/policy.ts';

/** Aggregate figures of the registry: no personal data, so the analyst may read them too. */
export const OverviewActions = definePolicy({
  'overview.read': ['regional_operator', 'municipal_specialist', 'analyst'],
});
