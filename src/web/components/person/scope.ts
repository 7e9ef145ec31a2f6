import { ROLE_SCOPE } from '../../../common/roles.ts';
import type { Session } from '../../api/types.ts';
import type { OrgOption } from '../OrganizationPicker.tsx';
import { hasRole } from '../session.ts';

/** The organization of an organization-scoped role: where a new learner is enrolled by default. */
export function ownOrganization(session: Session | null): OrgOption | null {
  const r = session?.roles.find((x) => ROLE_SCOPE[x.role] === 'organization' && x.scopeNodeId);
  return r?.scopeNodeId ? { value: r.scopeNodeId, label: r.scopeName ?? r.scopeNodeId } : null;
}

/** The regional operator may register a person without an enrollment. */
export const enrollmentOptional = (session: Session | null) => hasRole(session, 'regional_operator');
