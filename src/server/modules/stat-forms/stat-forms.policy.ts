import { OPERATOR_ROLES, STAFF_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

/**
 * The register of forms and the computed cells are counts, open to all staff (the analyst included);
 * the learners behind a cell are personal data, for the operators who may read persons.
 */
export const StatFormActions = definePolicy({
  'statForm.read': STAFF_ROLES,
  'statForm.learners.read': OPERATOR_ROLES,
});
