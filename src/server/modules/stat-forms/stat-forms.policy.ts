import { OPERATOR_ROLES, STAFF_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

/**
 * The register of forms and the computed cells are counts, open to all staff (the analyst included);
 * the learners behind a cell are personal data, for the operators who may read persons. The head of an
 * organization signs its form; a municipality or the region returns a signed one for correction.
 */
export const StatFormActions = definePolicy({
  'statForm.read': STAFF_ROLES,
  'statForm.learners.read': OPERATOR_ROLES,
  'statForm.sign': ['org_admin'],
  'statForm.return': ['regional_operator', 'municipal_specialist'],
});
