import { STAFF_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

export const TerritoryActions = definePolicy({ 'territory.read': STAFF_ROLES });
