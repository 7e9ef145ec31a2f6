import type { Role } from '../../../common/roles.ts';

export type Grant = {
  assignmentId: string;
  role: Role;
  /** Territory or organization node the role is bound to; null for a citizen (scope: self). */
  scopeNodeId: string | null;
  scopeName: string | null;
  healthAccess: boolean;
};

export type Actor = {
  userId: string;
  login: string | null;
  fullName: string;
  snils: string | null;
  via: 'session' | 'token';
  sessionMethod?: 'password' | 'esia';
  grants: Grant[];
};

export const hasRole = (actor: Actor, role: Role) => actor.grants.some((g) => g.role === role);
