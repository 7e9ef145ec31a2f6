import type { Role } from '../../../common/roles.ts';
import { forbidden } from '../errors.ts';
import type { Actor, Grant } from './actor.ts';

/**
 * Central, deny-by-default permission table. Modules contribute their actions through
 * definePolicy in <module>.policy.ts; an action nobody defined is allowed to nobody.
 */
type Rule = { roles: ReadonlySet<Role>; health: boolean };
const table = new Map<string, Rule>();

/** Roles allowed an action; `{ roles, health: true }` also requires the grant's health permission. */
export type PolicyRule = readonly Role[] | { roles: readonly Role[]; health: true };

export function definePolicy<A extends string>(rules: Record<A, PolicyRule>): Record<A, A> {
  const names = {} as Record<A, A>;
  for (const [action, rule] of Object.entries(rules) as [A, PolicyRule][]) {
    if (table.has(action)) throw new Error(`Policy for ${action} is defined twice`);
    const roles = 'roles' in rule ? rule.roles : (rule as readonly Role[]);
    table.set(action, { roles: new Set(roles), health: 'health' in rule });
    names[action] = action;
  }
  return names;
}

export const isKnownAction = (action: string) => table.has(action);
export const allActions = () => [...table.keys()];

/** The actor's grants that allow the action, most powerful first. */
export function grantsFor(actor: Actor, action: string): Grant[] {
  const rule = table.get(action);
  if (!rule) return [];
  return actor.grants.filter((g) => rule.roles.has(g.role) && (!rule.health || g.healthAccess));
}

export function can(actor: Actor, action: string): boolean {
  return grantsFor(actor, action).length > 0;
}

export function authorize(actor: Actor, action: string): Grant[] {
  const grants = grantsFor(actor, action);
  if (grants.length === 0) throw forbidden();
  return grants;
}

/** Scope nodes of the grants; a scoped query keeps rows below any of them. */
export const scopeNodes = (grants: Grant[]) =>
  grants.map((g) => g.scopeNodeId).filter((id): id is string => id !== null);
