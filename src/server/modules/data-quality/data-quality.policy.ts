import { OPERATOR_ROLES, STAFF_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

/**
 * Scores and the catalogue are counts, open to all staff (the analyst included); findings name learners,
 * for the operators who keep them. The region starts a run out of schedule; anyone who keeps an
 * organization's data rechecks it after fixing.
 */
export const DataQualityActions = definePolicy({
  'dataQuality.read': STAFF_ROLES,
  'dataQuality.findings.read': OPERATOR_ROLES,
  'dataQuality.run': ['regional_operator'],
  'dataQuality.recheck': OPERATOR_ROLES,
});
