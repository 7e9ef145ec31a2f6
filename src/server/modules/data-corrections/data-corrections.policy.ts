import { definePolicy } from '../../platform/access/policy.ts';

/**
 * Citizens' reports of mistakes in their data are made under citizen.self (the citizen module's
 * action); reading and closing them is the work of whoever keeps the record: the organization, and
 * the municipality and region above it.
 */
export const DataCorrectionActions = definePolicy({
  'data_correction.read': ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'],
  'data_correction.resolve': ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'],
});
