import { definePolicy } from '../../platform/access/policy.ts';

export const TerritoryActions = definePolicy({
  'territory.read': [
    'regional_operator',
    'municipal_specialist',
    'org_admin',
    'org_operator',
    'analyst',
    'integration_client',
  ],
});
