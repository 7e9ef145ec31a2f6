import { definePolicy } from '../../platform/access/policy.ts';

/**
 * Attendance and results arrive from the organizations' own e-journals, through an integration
 * client's API token bound to those organizations; nobody types them in here. The intake log is read
 * by the organization, its municipality and the region (and by the client itself, to see its rejects).
 */
export const IntakeActions = definePolicy({
  'intake.write': ['integration_client'],
  'intake.read': [
    'regional_operator',
    'municipal_specialist',
    'org_admin',
    'org_operator',
    'integration_client',
  ],
});
