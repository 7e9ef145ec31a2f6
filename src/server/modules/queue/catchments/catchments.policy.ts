import { definePolicy } from '../../../platform/access/policy.ts';

/** Catchments are fixed by the municipality's act; the municipality keeps them, the region reads them. */
export const CatchmentActions = definePolicy({
  'catchment.read': ['regional_operator', 'municipal_specialist'],
  'catchment.write': ['municipal_specialist'],
});
