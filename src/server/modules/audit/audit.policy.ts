import { definePolicy } from '../../platform/access/policy.ts';

export const AuditActions = definePolicy({
  'audit.read': ['regional_operator', 'municipal_specialist', 'org_admin'],
});
