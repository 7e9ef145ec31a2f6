import { definePolicy } from '../../../platform/access/policy.ts';

/**
 * The referral register is the municipality's; a kindergarten sees and closes the referrals to its own
 * groups (the family came and was enrolled, or refused).
 */
export const ReferralActions = definePolicy({
  'referral.read': ['regional_operator', 'municipal_specialist', 'org_admin'],
  'referral.close': ['municipal_specialist', 'org_admin'],
});
