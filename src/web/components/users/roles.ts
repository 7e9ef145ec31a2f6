import { ROLE_TITLES } from '../../../common/roles.ts';
import type { RoleAssignment } from '../../api/types.ts';

export const roleText = (r: RoleAssignment) =>
  [ROLE_TITLES[r.role] ?? r.role, r.scopeName].filter(Boolean).join(': ');
