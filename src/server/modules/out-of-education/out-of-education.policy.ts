import { definePolicy } from '../../platform/access/policy.ts';

/**
 * The municipal inbox of children out of education: the municipality keeps the count of children who
 * must learn (ст. 63 273-ФЗ) and works the cases; the region sees all. Schools report through their
 * journals and orders, they do not see the municipality's cases.
 */
export const OutOfEducationActions = definePolicy({
  'out_of_education.read': ['regional_operator', 'municipal_specialist'],
  'out_of_education.write': ['regional_operator', 'municipal_specialist'],
});
