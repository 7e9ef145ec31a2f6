import { useSession } from '../session.ts';

const ORG_ROLES = new Set(['org_admin', 'org_operator']);

/**
 * The organization a screen works for: the one in the address (from an organization's card), else the
 * organization of the user's own role; several roles give a choice.
 */
export function useOrgChoice(fromSearch: string | undefined) {
  const session = useSession();
  const own = (session?.roles ?? [])
    .filter((r) => ORG_ROLES.has(r.role) && r.scopeNodeId)
    .map((r) => ({ value: r.scopeNodeId!, label: r.scopeName ?? 'Организация' }));
  const unique = [...new Map(own.map((o) => [o.value, o])).values()];
  return { organizationId: fromSearch ?? unique[0]?.value, own: unique };
}
