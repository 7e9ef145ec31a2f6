import { definePolicy } from '../../platform/access/policy.ts';

/**
 * The bulk contingent import: an organization's staff load their own lists; a municipal specialist
 * loads them for an organization of the municipality. Held rows are decided by the same people.
 */
export const ContingentImportActions = definePolicy({
  'contingent_import.run': ['org_admin', 'org_operator', 'municipal_specialist'],
});
