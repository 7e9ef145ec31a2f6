import { OPERATOR_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

/** Consents to the processing of personal data. */
export const ConsentActions = definePolicy({
  'consent.read': [...OPERATOR_ROLES],
  'consent.write': [...OPERATOR_ROLES],
});
