import { definePolicy } from '../../platform/access/policy.ts';

/** Duplicate control: the regional report, merges and their undo. */
export const DuplicateActions = definePolicy({
  'person.merge': ['regional_operator', 'municipal_specialist'],
  'person.duplicateReport': ['regional_operator'],
});
