import { definePolicy } from '../../platform/access/policy.ts';

/** An organization's own list of learners: the staff who keep it and the authorities above it. */
export const ContingentActions = definePolicy({
  'contingent.read': ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'],
});
