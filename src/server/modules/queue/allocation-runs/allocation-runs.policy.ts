import { definePolicy } from '../../../platform/access/policy.ts';

/**
 * Allocation is the municipality's: its specialists prepare a run, set the free places, compute it and
 * approve it; the region reads every municipality's runs and protocols.
 */
export const AllocationActions = definePolicy({
  'allocation.read': ['regional_operator', 'municipal_specialist'],
  'allocation.run': ['municipal_specialist'],
  'allocation.approve': ['municipal_specialist'],
});
