import { definePolicy } from '../../../platform/access/policy.ts';

/**
 * The preschool queue is the municipality's: its specialists register applications, review them,
 * confirm rights and move statuses; the region reads every municipality's. Parents file and follow
 * their own through the citizen view.
 */
export const QueueActions = definePolicy({
  'application.read': ['regional_operator', 'municipal_specialist'],
  'application.file': ['regional_operator', 'municipal_specialist'],
  'application.review': ['municipal_specialist'],
  // Sending an application to another municipality, and accepting or refusing one sent to yours.
  'application.transfer': ['municipal_specialist'],
});
