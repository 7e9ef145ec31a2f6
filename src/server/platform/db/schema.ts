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
  last_failed_login_at: Date | null;
  last_login_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface LoginAttemptsTable {
  user_id: string;
  ip: string;
  failures: number;
  last_attempt_at: Date;
  last_success_at: Date | null;
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
  /** 1: hash over the application's text (before 0011); 2: over audit_material() of the stored row. */
  hash_format: Generated<number>;
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

export interface PersonsTable {
  id: Generated<string>;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  birth_place: string | null;
  sex: 'male' | 'female';
  citizenship_codes: string[];
  stateless: boolean;
  snils: string | null;
  last_name_key: Generated<string>;
  first_name_key: Generated<string>;
  middle_name_key: Generated<string>;
  status: Generated<'active' | 'merged' | 'destroyed'>;
  merged_into_id: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface PersonDocumentsTable {
  id: Generated<string>;
  person_id: string;
  type: string;
  series: string | null;
  number: string;
  issued_on: string | null;
  issuer: string | null;
  issuer_code: string | null;
  act_record_number: string | null;
  valid_until: string | null;
  created_at: Generated<Date>;
  created_by: string | null;
  invalidated_at: Date | null;
  invalidated_by: string | null;
}

export interface PersonAddressesTable {
  id: Generated<string>;
  person_id: string;
  kind: 'registration' | 'stay' | 'actual';
  text: string;
  gar_guid: string | null;
  oktmo: string | null;
  valid_from: string | null;
  valid_to: string | null;
  created_at: Generated<Date>;
}

export interface PersonContactsTable {
  id: Generated<string>;
  person_id: string;
  kind: 'phone' | 'email';
  value: string;
  note: string | null;
}

export interface PersonHardshipsTable {
  id: Generated<string>;
  person_id: string;
  category: string;
  started_on: string;
  ended_on: string | null;
  note: string | null;
}

export interface RepresentationsTable {
  id: Generated<string>;
  learner_id: string;
  representative_id: string;
  relation: string;
  authority_document: string | null;
  valid_from: string | null;
  valid_to: string | null;
  created_at: Generated<Date>;
  created_by: string | null;
  revoked_at: Date | null;
}

export interface EnrollmentsTable {
  id: Generated<string>;
  person_id: string;
  organization_id: string;
  started_on: string;
  ended_on: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface PersonHealthTable {
  person_id: string;
  health_group: number | null;
  pe_group: string | null;
  needs_adapted_program: Generated<boolean>;
  long_term_treatment: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface PersonDisabilitiesTable {
  id: Generated<string>;
  person_id: string;
  category: 'child' | 'adult';
  disability_group: number | null;
  valid_from: string;
  valid_until: string | null;
  cause: string | null;
  ipra_number: string | null;
  ipra_date: string | null;
  created_at: Generated<Date>;
}

export interface PersonSpecialNeedsTable {
  id: Generated<string>;
  person_id: string;
  pmpk_date: string;
  pmpk_number: string;
  recommended_program: string | null;
  valid_until: string | null;
  created_at: Generated<Date>;
}

export interface ConsentsTable {
  id: Generated<string>;
  subject_id: string;
  representative_id: string | null;
  purpose: string;
  scope: string[];
  given_on: string;
  document: string | null;
  revoked_on: string | null;
  revocation_reason: string | null;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface PersonDistinctionsTable {
  person_a: string;
  person_b: string;
  reason: string;
  decided_by: string | null;
  decided_at: Generated<Date>;
}

export interface PersonMergesTable {
  id: Generated<string>;
  survivor_id: string;
  merged_id: string;
  reason: string | null;
  moved: Json<unknown>;
  merged_at: Generated<Date>;
  merged_by: string | null;
  undone_at: Date | null;
  undone_by: string | null;
}

export interface DestructionActsTable {
  id: Generated<string>;
  act_number: string;
  person_id: string;
  basis: 'purpose_achieved' | 'retention_expired' | 'subject_request' | 'consent_revoked';
  basis_details: string | null;
  destroyed_categories: string[];
  kept_statistics: Json<Record<string, unknown>>;
  performed_at: Generated<Date>;
  performed_by: string | null;
  method: string;
}

export interface MatchTokensTable {
  token_hash: Buffer;
  user_id: string;
  person_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface AccessRequestsTable {
  id: Generated<string>;
  kind: 'enroll' | 'link_representative';
  person_id: string;
  requester_user_id: string;
  requester_node_id: string;
  target_node_id: string;
  organization_id: string | null;
  started_on: string | null;
  learner_id: string | null;
  relation: string | null;
  authority_document: string | null;
  comment: string | null;
  status: Generated<'pending' | 'approved' | 'rejected' | 'cancelled'>;
  created_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
}

export interface DataCorrectionRequestsTable {
  id: Generated<string>;
  person_id: string;
  organization_id: string;
  requester_user_id: string;
  section: string;
  text: string;
  status: Generated<'open' | 'done'>;
  created_at: Generated<Date>;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface DB {
  territories: TerritoriesTable;
  organizations: OrganizationsTable;
  scope_closure: ScopeClosureTable;
  users: UsersTable;
  login_attempts: LoginAttemptsTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  change_history: ChangeHistoryTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  oidc_login_states: OidcLoginStatesTable;
  app_settings: AppSettingsTable;
  persons: PersonsTable;
  person_documents: PersonDocumentsTable;
  person_addresses: PersonAddressesTable;
  person_contacts: PersonContactsTable;
  person_hardships: PersonHardshipsTable;
  representations: RepresentationsTable;
  enrollments: EnrollmentsTable;
  person_health: PersonHealthTable;
  person_disabilities: PersonDisabilitiesTable;
  person_special_needs: PersonSpecialNeedsTable;
  consents: ConsentsTable;
  person_distinctions: PersonDistinctionsTable;
  person_merges: PersonMergesTable;
  destruction_acts: DestructionActsTable;
  match_tokens: MatchTokensTable;
  access_requests: AccessRequestsTable;
  data_correction_requests: DataCorrectionRequestsTable;
}
