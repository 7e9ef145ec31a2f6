import { definePolicy } from '../../platform/access/policy.ts';

/**
 * The change feed is how the federal segment and neighbouring registers stay in step: the region's
 * operator (the whole region) and integration clients (their organizations) read it. Each sees the
 * changes of its own scope only.
 */
export const ChangeActions = definePolicy({
  'changes.read': ['regional_operator', 'integration_client'],
});
