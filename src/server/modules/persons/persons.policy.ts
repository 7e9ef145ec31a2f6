import { definePolicy } from '../../platform/access/policy.ts';

const OPERATORS = ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'] as const;

export const PersonActions = definePolicy({
  'person.read': [...OPERATORS, 'integration_client'],
  'person.create': [...OPERATORS, 'integration_client'],
  'person.update': [...OPERATORS, 'integration_client'],
  'person.merge': ['regional_operator', 'municipal_specialist'],
  'person.duplicateReport': ['regional_operator'],
  'person.destroy': ['regional_operator'],
  'person.export': ['regional_operator', 'analyst'],
  'health.read': { roles: OPERATORS, health: true },
  'health.write': { roles: OPERATORS, health: true },
  'consent.read': [...OPERATORS],
  'consent.write': [...OPERATORS],
  'citizen.self': ['citizen'],
});
