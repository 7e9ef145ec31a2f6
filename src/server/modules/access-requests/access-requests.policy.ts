import { definePolicy } from '../../platform/access/policy.ts';

const OPERATORS = ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'] as const;

/**
 * Asking is open to whoever may enroll or link; deciding, which discloses a learner to another
 * organization, to the holder's administrator and the authorities above it.
 */
export const AccessRequestActions = definePolicy({
  'access_request.create': [...OPERATORS, 'integration_client'],
  'access_request.read': [...OPERATORS, 'integration_client'],
  'access_request.decide': ['regional_operator', 'municipal_specialist', 'org_admin'],
});
