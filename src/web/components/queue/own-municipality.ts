import { useTerritories } from '../../api/territories.ts';
import type { Territory } from '../../api/types.ts';
import { useSession } from '../session.ts';

/** The municipality a user's role is scoped to (the municipal specialist's own), if there is one. */
export function useOwnMunicipality(): Territory | null {
  const session = useSession();
  const territories = useTerritories();
  const municipalities = new Map(
    (territories.data ?? []).filter((t) => t.kind === 'municipality').map((t) => [t.id, t]),
  );
  for (const r of session?.roles ?? []) {
    const t = r.scopeNodeId ? municipalities.get(r.scopeNodeId) : undefined;
    if (t) return t;
  }
  return null;
}
