import { STAFF_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

export const IdentifierActions = definePolicy({ 'identifier.validate': [...STAFF_ROLES, 'citizen'] });
