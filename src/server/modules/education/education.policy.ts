import { STAFF_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

/**
 * Academic years are the region's; programmes and units are an organization's and are kept by its
 * administrator and the authorities above it. Learner lists are personal data (no analyst); counts are not.
 */
export const EducationActions = definePolicy({
  'academicYear.read': STAFF_ROLES,
  'academicYear.create': ['regional_operator'],
  'programme.read': STAFF_ROLES,
  'programme.write': ['regional_operator', 'municipal_specialist', 'org_admin'],
  'unit.read': STAFF_ROLES,
  'unit.write': ['regional_operator', 'municipal_specialist', 'org_admin'],
  'unit.learners.read': ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'],
  'learnerCounts.read': STAFF_ROLES,
});
