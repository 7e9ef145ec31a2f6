import type { Kysely } from 'kysely';
import type { Role } from '../../../common/roles.ts';
import type { Actor, Grant } from '../../platform/access/actor.ts';
import { grantsFor, scopeNodes } from '../../platform/access/policy.ts';
import type { DB } from '../../platform/db/schema.ts';
import { ASSIGNABLE, UserActions } from './users.policy.ts';

/**
 * Account-level actions (password, block/unblock, rename, e-mail) act on the whole account, so they
 * need the manager to cover every active grant of the user, not just one. Otherwise an organization
 * admin could reset the password of someone who also holds a regional role and sign in as them.
 */

/** An active grant of the managed user, as far as coverage needs it. */
export type HeldGrant = { role: Role; scopeNodeId: string | null; healthAccess: boolean };

/** For each node of a held grant: the manager scope nodes at or above it. */
export type Ancestry = ReadonlyMap<string, ReadonlySet<string>>;

/** The manager grant m may revoke g: m may hand out g's role, and g's node lies inside m's scope. */
export function mayRevoke(m: Grant, g: HeldGrant, above: Ancestry): boolean {
  if (g.scopeNodeId === null || m.scopeNodeId === null) return false;
  if (!ASSIGNABLE[m.role]?.includes(g.role)) return false;
  return above.get(g.scopeNodeId)?.has(m.scopeNodeId) ?? false;
}

/**
 * The manager grant m covers g when m could have granted g itself: the role is one m may hand out
 * (so a higher role, such as regional_operator under an org_admin, is never covered even if the nodes
 * nest), the node is inside m's scope, and health access only from a grant that may hand it out.
 * A citizen grant has no node (its scope is the person); only a regional operator covers it.
 */
export function covers(m: Grant, g: HeldGrant, above: Ancestry): boolean {
  if (g.role === 'citizen') return m.role === 'regional_operator';
  if (g.healthAccess && !(m.healthAccess || m.role === 'regional_operator')) return false;
  return mayRevoke(m, g, above);
}

/** One closure lookup for all held grants: which manager nodes lie at or above each of them. */
export async function ancestry(db: Kysely<DB>, managers: Grant[], held: HeldGrant[]): Promise<Ancestry> {
  const map = new Map<string, Set<string>>();
  const nodes = [...new Set(held.map((g) => g.scopeNodeId).filter((n): n is string => n !== null))];
  const managerNodes = scopeNodes(managers);
  if (nodes.length === 0 || managerNodes.length === 0) return map;
  const rows = await db
    .selectFrom('scope_closure')
    .select(['ancestor_id', 'descendant_id'])
    .where('descendant_id', 'in', nodes)
    .where('ancestor_id', 'in', managerNodes)
    .execute();
  for (const r of rows) {
    const set = map.get(r.descendant_id) ?? new Set<string>();
    set.add(r.ancestor_id);
    map.set(r.descendant_id, set);
  }
  return map;
}

/** What a manager may do with one user, sent with every user so the UI hides buttons without the rules. */
export type UserAction = 'edit' | 'block' | 'unblock' | 'setPassword' | 'grantRole' | 'revokeRole';

export type Manageability = {
  fullyManageable: boolean;
  actions: UserAction[];
  /** Per held grant, in the same order: may this manager revoke it. */
  revocable: boolean[];
};

export function manageability(
  managers: Grant[],
  actorId: string,
  user: { id: string; blocked: boolean; isService: boolean; roles: HeldGrant[] },
  above: Ancestry,
): Manageability {
  const revocable = user.roles.map((g) => managers.some((m) => mayRevoke(m, g, above)));
  if (managers.length === 0) return { fullyManageable: false, actions: [], revocable };
  const fullyManageable = user.roles.every((g) => managers.some((m) => covers(m, g, above)));
  const actions: UserAction[] = [];
  if (fullyManageable) {
    actions.push('edit');
    if (user.blocked) actions.push('unblock');
    else if (user.id !== actorId) actions.push('block');
    if (!user.isService) actions.push('setPassword');
  }
  actions.push('grantRole');
  if (revocable.some(Boolean)) actions.push('revokeRole');
  return { fullyManageable, actions, revocable };
}

/** Manageability of several users at once (a list page): one closure query for all of them. */
export async function manageabilityOf<U extends { id: string; blocked: boolean; isService: boolean }>(
  db: Kysely<DB>,
  actor: Actor,
  users: (U & { roles: HeldGrant[] })[],
): Promise<Map<string, Manageability>> {
  // Judged against the grants that allow user management, never against the actor's other roles.
  const managers = grantsFor(actor, UserActions['user.manage']);
  const above = await ancestry(
    db,
    managers,
    users.flatMap((u) => u.roles),
  );
  return new Map(users.map((u) => [u.id, manageability(managers, actor.userId, u, above)]));
}
