/**
 * Names for the API's answers and bodies as the screens use them. Every type here is read from the
 * generated OpenAPI types (openapi.gen.ts), never written by hand.
 */
import type { ORGANIZATION_KINDS, ORGANIZATION_STATUSES } from '../../common/organization-dictionary.ts';
import type { ApiBody, ApiResult } from './http.ts';

export type Session = ApiResult<'getSession'>;
export type AuthProviders = ApiResult<'listAuthProviders'>;

export type Territory = ApiResult<'listTerritories'>['items'][number];
export type TerritoryKind = Territory['kind'];

export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
export type OrganizationListItem = ApiResult<'listOrganizations'>['items'][number];
export type Organization = ApiResult<'getOrganization'>;
/** Form-built organization fields: each optional, as the server reports what a create lacks. */
export type OrganizationInput = Partial<ApiBody<'createOrganization'>>;
export type Address = NonNullable<Organization['legalAddress']>;
export type Licence = NonNullable<Organization['licence']>;
export type Accreditation = NonNullable<Organization['accreditation']>;

export type HistoryEntry = ApiResult<'listOrganizationHistory'>['items'][number];

export type UserListItem = ApiResult<'listUsers'>['items'][number];
export type User = ApiResult<'getUser'>;
export type RoleAssignment = User['roles'][number];
export type ApiToken = ApiResult<'listApiTokens'>['items'][number];

export type AuditEntry = ApiResult<'listAuditEvents'>['items'][number];
export type AuditOutcome = AuditEntry['outcome'];
