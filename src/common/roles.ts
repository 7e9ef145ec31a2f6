/** Roles and their Russian titles; shared by server policies and the UI. */
export const ROLES = [
  'regional_operator',
  'municipal_specialist',
  'org_admin',
  'org_operator',
  'analyst',
  'citizen',
  'integration_client',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  regional_operator: 'Региональный оператор',
  municipal_specialist: 'Специалист МОУО',
  org_admin: 'Администратор организации',
  org_operator: 'Оператор организации',
  analyst: 'Аналитик',
  citizen: 'Гражданин',
  integration_client: 'Внешняя система (API)',
};

/** Roles that keep the registry: the region, a municipality, an organization. */
export const OPERATOR_ROLES = [
  'regional_operator',
  'municipal_specialist',
  'org_admin',
  'org_operator',
] as const;

/** Which kind of scope node each role is bound to. */
export const ROLE_SCOPE: Record<
  Role,
  'region' | 'municipality' | 'organization' | 'region_or_municipality' | 'self'
> = {
  regional_operator: 'region',
  municipal_specialist: 'municipality',
  org_admin: 'organization',
  org_operator: 'organization',
  analyst: 'region_or_municipality',
  citizen: 'self',
  integration_client: 'organization',
};

/** Roles that see personal data at all; an analyst works with aggregates only. */
export const PERSONAL_DATA_ROLES: readonly Role[] = [
  'regional_operator',
  'municipal_specialist',
  'org_admin',
  'org_operator',
  'integration_client',
  'citizen',
];

/** Every role that works in the registry for an authority or a system: all but the citizen. */
export const STAFF_ROLES = [...OPERATOR_ROLES, 'analyst', 'integration_client'] as const;
