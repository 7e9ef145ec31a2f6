import { STAFF_ROLES } from '../../../common/roles.ts';
import { definePolicy } from '../../platform/access/policy.ts';

export const OrganizationActions = definePolicy({
  'organization.read': STAFF_ROLES,
  // The public directory of the whole region (names, kind, municipality, ИНН), beyond the reader's scope.
  'organization.directory': STAFF_ROLES,
  'organization.create': ['regional_operator', 'municipal_specialist'],
  'organization.update': ['regional_operator', 'municipal_specialist', 'org_admin'],
  'organization.changeStatus': ['regional_operator', 'municipal_specialist'],
});

/** Fields an organization's own administrator may edit; identity and place in the registry are the authority's. */
export const ORG_ADMIN_EDITABLE = new Set([
  'legalAddress',
  'actualAddress',
  'head',
  'contacts',
  'licence',
  'accreditation',
  'capacity',
]);
