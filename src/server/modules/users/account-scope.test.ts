import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../common/roles.ts';
import type { Grant } from '../../platform/access/actor.ts';
import { type Ancestry, covers, type HeldGrant, manageability, mayRevoke } from './account-scope.ts';
import { ASSIGNABLE } from './users.policy.ts';

// A fixed tree: region ⊃ municipality ⊃ school. Every node is its own ancestor, as in scope_closure.
const above: Ancestry = new Map([
  ['region', new Set(['region'])],
  ['mun', new Set(['region', 'mun'])],
  ['school', new Set(['region', 'mun', 'school'])],
]);
const NODES = ['region', 'mun', 'school'] as const;
const MANAGERS = ['regional_operator', 'municipal_specialist', 'org_admin'] as const;
const managerNode = {
  regional_operator: 'region',
  municipal_specialist: 'mun',
  org_admin: 'school',
} as const;

const grant = (role: Role, scopeNodeId: string | null, healthAccess = false): Grant => ({
  assignmentId: `${role}-${scopeNodeId}`,
  role,
  scopeNodeId,
  scopeName: null,
  healthAccess,
});

describe('coverage of an account by a manager', () => {
  it('never covers a grant whose role the manager may not hand out, however the nodes nest', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MANAGERS),
        fc.boolean(),
        fc.constantFrom(...ROLES),
        fc.constantFrom(...NODES),
        fc.boolean(),
        (mRole, mHealth, role, node, health) => {
          const m = grant(mRole, managerNode[mRole], mHealth);
          const g: HeldGrant = { role, scopeNodeId: role === 'citizen' ? null : node, healthAccess: health };
          const covered = covers(m, g, above);
          if (role === 'citizen') return covered === (mRole === 'regional_operator');
          const inside = above.get(node)!.has(managerNode[mRole]);
          const assignable = ASSIGNABLE[mRole]?.includes(role) ?? false;
          const healthOk = !health || mHealth || mRole === 'regional_operator';
          return covered === (inside && assignable && healthOk) && (!covered || mayRevoke(m, g, above));
        },
      ),
    );
  });

  it('an org admin cannot fully manage a user with an org role and a regional role, but may revoke the org one', () => {
    const admin = grant('org_admin', 'school');
    const user = {
      id: 'u',
      blocked: false,
      isService: false,
      roles: [
        { role: 'org_operator', scopeNodeId: 'school', healthAccess: false },
        { role: 'regional_operator', scopeNodeId: 'region', healthAccess: false },
      ] satisfies HeldGrant[],
    };
    expect(manageability([admin], 'admin', user, above)).toEqual({
      fullyManageable: false,
      actions: ['grantRole', 'revokeRole'],
      revocable: [true, false],
    });
    expect(manageability([grant('regional_operator', 'region')], 'r', user, above)).toMatchObject({
      fullyManageable: true,
      actions: ['edit', 'block', 'setPassword', 'grantRole', 'revokeRole'],
    });
  });
});
