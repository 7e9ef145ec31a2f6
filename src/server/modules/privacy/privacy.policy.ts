import { definePolicy } from '../../platform/access/policy.ts';

/** Lawful destruction and the pseudonymised export. */
export const PrivacyActions = definePolicy({
  'person.destroy': ['regional_operator'],
  'person.export': ['regional_operator', 'analyst'],
});
