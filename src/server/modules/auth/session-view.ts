import type { Actor } from '../../platform/access/actor.ts';
import { allActions, can } from '../../platform/access/policy.ts';

/** What the UI learns about the signed-in actor: roles, scopes and the actions it may take. */
export function sessionView(actor: Actor, csrfToken: string, timeZone: string) {
  return {
    user: { id: actor.userId, login: actor.login, fullName: actor.fullName },
    roles: actor.grants.map((g) => ({
      assignmentId: g.assignmentId,
      role: g.role,
      scopeNodeId: g.scopeNodeId,
      scopeName: g.scopeName,
    })),
    permissions: allActions()
      .filter((a) => can(actor, a))
      .sort(),
    authMethod: actor.sessionMethod ?? null,
    csrfToken,
    timeZone,
  };
}
