import { definePolicy } from '../../platform/access/policy.ts';

/** A citizen's own data and that of the children they represent. */
export const CitizenActions = definePolicy({
  'citizen.self': ['citizen'],
});
