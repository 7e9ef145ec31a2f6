/** Types of the HTTP API contract (/api/v1), as the web client sees them. */
import type { Role } from '../../common/roles.ts';

export type Page<T> = { items: T[]; nextCursor: string | null; totalCount?: number };

export type RoleAssignment = {
  assignmentId: string;
  role: Role;
  scopeNodeId: string | null;
  scopeName: string | null;
  /** Access to special-category (health) data; present in user views. */
  healthAccess?: boolean;
};

export type SessionUser = { id: string; login: string | null; fullName: string };

export type Session = {
  user: SessionUser;
  roles: RoleAssignment[];
  permissions: string[];
  csrfToken: string;
};

export type AuthProviders = { esia: boolean; esiaLabel: string };

export type TerritoryKind = 'region' | 'municipality' | 'district';
export type Territory = {
  id: string;
  kind: TerritoryKind;
  name: string;
  oktmo: string;
  parentId: string | null;
};

export type OrganizationKind = 'preschool' | 'school' | 'additional' | 'vocational';
export type OrganizationStatus = 'active' | 'reorganizing' | 'liquidated';

export type OrganizationListItem = {
  id: string;
  kind: OrganizationKind;
  fullName: string;
  shortName: string;
  inn: string;
  kpp: string;
  ogrn: string;
  territoryId: string;
  territoryName: string;
  status: OrganizationStatus;
  parentOrganizationId: string | null;
  capacity: number | null;
};

export type Address = { text?: string; fiasGuid?: string; oktmo?: string };
export type Founder = { name?: string; inn?: string };
export type Head = { fullName?: string; position?: string; phone?: string };
export type Contacts = { phone?: string; email?: string; website?: string };
export type Licence = { number: string; issuedOn: string; issuer?: string; registryNumber?: string };
export type Accreditation = { number: string; issuedOn: string; validUntil?: string };

export type OrganizationAction = 'update' | 'changeStatus' | 'history';

export type Organization = {
  id: string;
  kind: OrganizationKind;
  fullName: string;
  shortName: string;
  legalForm: string;
  inn: string;
  kpp: string;
  ogrn: string;
  territoryId: string;
  territoryName: string;
  parentOrganizationId: string | null;
  parentOrganizationName: string | null;
  founder: Founder | null;
  legalAddress: Address | null;
  actualAddress: Address | null;
  head: Head | null;
  contacts: Contacts | null;
  licence: Licence | null;
  accreditation: Accreditation | null;
  capacity: number | null;
  status: OrganizationStatus;
  statusChangedOn: string | null;
  liquidatedOn: string | null;
  successorOrganizationId: string | null;
  successorOrganizationName: string | null;
  branches: { id: string; shortName: string }[];
  version: number;
  createdAt: string;
  updatedAt: string;
  allowedActions: string[];
};

export type OrganizationInput = {
  kind?: OrganizationKind;
  fullName?: string;
  shortName?: string;
  legalForm?: string;
  inn?: string;
  kpp?: string;
  ogrn?: string;
  territoryId?: string;
  parentOrganizationId?: string | null;
  founder?: Founder;
  legalAddress?: Address;
  actualAddress?: Address;
  head?: Head;
  contacts?: Contacts;
  licence?: Licence | null;
  accreditation?: Accreditation | null;
  capacity?: number | null;
};

export type HistoryActor = { id: string; fullName: string } | null;

export type HistoryEntry = {
  version: number;
  action: string;
  at: string;
  actor: HistoryActor;
  changes: { field: string; before: unknown; after: unknown }[];
};

/** What the caller may do with a user, decided by the server; the UI only shows or hides buttons. */
export type UserAction = 'edit' | 'block' | 'unblock' | 'setPassword' | 'grantRole' | 'revokeRole';

export type UserListItem = {
  id: string;
  login: string | null;
  fullName: string;
  blocked: boolean;
  isService: boolean;
  roles: (RoleAssignment & { revocable: boolean })[];
  /** The caller's scope covers every active grant of the user (account-level actions allowed). */
  fullyManageable: boolean;
  actions: UserAction[];
};

export type User = UserListItem & {
  version: number;
  email: string | null;
  lastLoginAt: string | null;
  lockedUntil: string | null;
};

export type ApiToken = {
  id: string;
  name: string;
  tokenPrefix: string;
  userId: string;
  userFullName: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  organizations: { id: string; shortName: string }[];
};

export type AuditOutcome = 'success' | 'denied' | 'failure';

export type AuditEntry = {
  id: string;
  at: string;
  actor: HistoryActor;
  actorRole: string | null;
  scopeName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  requestId: string | null;
};
