import { definePolicy } from '../../platform/access/policy.ts';

/**
 * The dashboards are counts for the authorities: the region and the municipalities, and the analyst who
 * works with figures only. A school or kindergarten has its own screens (contingent, forms, data quality).
 */
export const DashboardActions = definePolicy({
  'dashboard.read': ['regional_operator', 'municipal_specialist', 'analyst'],
});
