import type { ColumnType, Generated } from 'kysely';

/** Kysely table types; one interface per table, mirroring migrations/. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export type Address = { text?: string; fiasGuid?: string; oktmo?: string };
export type Head = { fullName?: string; position?: string; phone?: string };
export type Contacts = { phone?: string; email?: string; website?: string };
export type Founder = { name?: string; inn?: string; territoryId?: string };
export type Licence = { number: string; issuedOn: string; issuer?: string; registryNumber?: string };
export type Accreditation = { number: string; issuedOn: string; validUntil?: string | null };

export interface TerritoriesTable {
  id: Generated<string>;
  kind: 'region' | 'municipality' | 'district';
  name: string;
  oktmo: string | null;
  municipality_type: string | null;
  parent_id: string | null;
  created_at: Generated<Date>;
}

export interface OrganizationsTable {
  id: Generated<string>;
  kind: 'preschool' | 'school' | 'additional' | 'vocational';
  full_name: string;
  short_name: string;
  legal_form: string;
  inn: string;
  kpp: string;
  ogrn: string;
  territory_id: string;
  parent_organization_id: string | null;
  founder: Json<Founder>;
  legal_address: Json<Address>;
  actual_address: Json<Address>;
  head: Json<Head>;
  contacts: Json<Contacts>;
  licence: Json<Licence | null>;
  accreditation: Json<Accreditation | null>;
  capacity: number | null;
  status: Generated<'active' | 'reorganizing' | 'liquidated'>;
  status_changed_on: string | null;
  liquidated_on: string | null;
  successor_organization_id: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface ScopeClosureTable {
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface UsersTable {
  id: Generated<string>;
  login: string | null;
  full_name: string;
  email: string | null;
  snils: string | null;
  password_hash: string | null;
  is_service: Generated<boolean>;
  blocked: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface RoleAssignmentsTable {
  id: Generated<string>;
  user_id: string;
  role: string;
  scope_node_id: string | null;
  health_access: Generated<boolean>;
  created_at: Generated<Date>;
  created_by: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  auth_method: 'password' | 'esia';
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  revoked_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: Generated<Date>;
  created_by: string | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ChangeHistoryTable {
  id: Generated<string>;
  entity_type: string;
  entity_id: string;
  version: number;
  action: string;
  actor_user_id: string | null;
  at: Generated<Date>;
  changes: Json<unknown>;
  snapshot: Json<unknown>;
}

export interface AuditLogTable {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  scope_node_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  request_id: string | null;
  ip: string | null;
  subject_ids: string[] | null;
  details: Json<Record<string, unknown> | null>;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  singleton: Generated<boolean>;
  last_id: string;
  last_hash: string;
}

export interface OidcLoginStatesTable {
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: Generated<Date>;
}

export interface AppSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Generated<Date>;
}

export interface DB {
  territories: TerritoriesTable;
  organizations: OrganizationsTable;
  scope_closure: ScopeClosureTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  change_history: ChangeHistoryTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  oidc_login_states: OidcLoginStatesTable;
  app_settings: AppSettingsTable;
}
