import { definePolicy } from '../../platform/access/policy.ts';

/**
 * The year-end promotion is run by a school for itself, or by the municipality or the region for all
 * schools below it (the regulation lets the municipality close the year for schools that did not).
 */
export const PromotionActions = definePolicy({
  'promotion.run': ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'],
  'promotion.undo': ['regional_operator', 'municipal_specialist', 'org_admin'],
});
