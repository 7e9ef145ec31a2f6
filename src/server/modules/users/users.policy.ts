import { type Role, STAFF_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

export const UserActions = definePolicy({
  'user.read': ['regional_operator', 'municipal_specialist', 'org_admin'],
  'user.manage': ['regional_operator', 'municipal_specialist', 'org_admin'],
  'apiToken.manage': ['regional_operator', 'municipal_specialist'],
});

/** Which roles each managing role may hand out; always within the manager's own scope. */
export const ASSIGNABLE: Partial<Record<Role, readonly Role[]>> = {
  regional_operator: STAFF_ROLES,
  municipal_specialist: ['municipal_specialist', 'org_admin', 'org_operator', 'integration_client'],
  org_admin: ['org_admin', 'org_operator'],
};
