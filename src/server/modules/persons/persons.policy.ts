import { OPERATOR_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

export const PersonActions = definePolicy({
  'person.read': [...OPERATOR_ROLES, 'integration_client'],
  'person.create': [...OPERATOR_ROLES, 'integration_client'],
  'person.update': [...OPERATOR_ROLES, 'integration_client'],
});
