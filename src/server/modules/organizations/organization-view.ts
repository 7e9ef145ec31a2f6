import type { Selectable } from 'kysely';
import type { Organizations } from '../../platform/db/schema.ts';

type Row = Selectable<Organizations> & {
  territory_name?: string | null;
  parent_name?: string | null;
  successor_name?: string | null;
};

/** The API shape of an organization; also the snapshot kept in history. */
export function organizationView(r: Row) {
  return {
    id: r.id,
    kind: r.kind,
    fullName: r.full_name,
    shortName: r.short_name,
    legalForm: r.legal_form,
    inn: r.inn,
    kpp: r.kpp,
    ogrn: r.ogrn,
    territoryId: r.territory_id,
    territoryName: r.territory_name ?? null,
    parentOrganizationId: r.parent_organization_id,
    parentOrganizationName: r.parent_name ?? null,
    founder: r.founder ?? {},
    legalAddress: r.legal_address ?? {},
    actualAddress: r.actual_address ?? {},
    head: r.head ?? {},
    contacts: r.contacts ?? {},
    licence: r.licence,
    accreditation: r.accreditation,
    capacity: r.capacity,
    status: r.status,
    statusChangedOn: r.status_changed_on,
    liquidatedOn: r.liquidated_on,
    successorOrganizationId: r.successor_organization_id,
    successorOrganizationName: r.successor_name ?? null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
export type OrganizationView = ReturnType<typeof organizationView>;

/** Snapshot for history: the stored fields only, without joined names. */
export function organizationSnapshot(v: OrganizationView) {
  const { territoryName, parentOrganizationName, successorOrganizationName, createdAt, updatedAt, ...rest } =
    v;
  return rest;
}

/** Column names for each API field, for updates. */
export const ORGANIZATION_COLUMNS = {
  fullName: 'full_name',
  shortName: 'short_name',
  legalForm: 'legal_form',
  inn: 'inn',
  kpp: 'kpp',
  ogrn: 'ogrn',
  territoryId: 'territory_id',
  parentOrganizationId: 'parent_organization_id',
  founder: 'founder',
  legalAddress: 'legal_address',
  actualAddress: 'actual_address',
  head: 'head',
  contacts: 'contacts',
  licence: 'licence',
  accreditation: 'accreditation',
  capacity: 'capacity',
} as const;
