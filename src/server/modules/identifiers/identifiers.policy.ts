import { definePolicy } from '../../platform/access/policy.ts';

export const IdentifierActions = definePolicy({
  'identifier.validate': [
    'regional_operator',
    'municipal_specialist',
    'org_admin',
    'org_operator',
    'analyst',
    'integration_client',
    'citizen',
  ],
});
