import { OPERATOR_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

/**
 * ГИА results: the region imports the exam centre's files; a municipality may import (and see) a
 * file for its own territory, matched only to learners it holds. A learner's results are read by
 * whoever may read the learner's card.
 */
export const GiaActions = definePolicy({
  'gia.import': ['regional_operator', 'municipal_specialist'],
  'gia.read': [...OPERATOR_ROLES, 'integration_client'],
});
