import { OPERATOR_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

/** Medical data: only grants with the health permission. */
export const HealthActions = definePolicy({
  'health.read': { roles: OPERATOR_ROLES, health: true },
  'health.write': { roles: OPERATOR_ROLES, health: true },
});
