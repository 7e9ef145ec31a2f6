// Row shapes of the generated data: snake_case keys equal to the SQL columns of migrations/0001_platform.sql,
// so the loader can copy them without a mapping layer.

export type TerritoryKind = 'region' | 'municipality' | 'district';

export type MunicipalityType =
  | 'municipal_district'
  | 'urban_okrug'
  | 'municipal_okrug'
  | 'urban_settlement'
  | 'rural_settlement'
  | 'inter_settlement_territory';

export type TerritoryRow = {
  id: string;
  kind: TerritoryKind;
  name: string;
  oktmo: string | null;
  municipality_type: MunicipalityType | null;
  parent_id: string | null;
};

export const ORGANIZATION_KINDS = ['preschool', 'school', 'additional', 'vocational'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export type OrganizationStatus = 'active' | 'reorganizing' | 'liquidated';

export type AddressJson = { text: string; oktmo: string };
export type FounderJson = { name: string; territoryId: string };
export type HeadJson = { fullName: string; position: string };
export type ContactsJson = { phone: string; email: string; website: string };
export type LicenceJson = { number: string; issuedOn: string; issuer: string };
export type AccreditationJson = { number: string; issuedOn: string; validUntil: string | null };

export type OrganizationRow = {
  id: string;
  kind: OrganizationKind;
  full_name: string;
  short_name: string;
  legal_form: string;
  inn: string;
  kpp: string;
  ogrn: string;
  territory_id: string;
  parent_organization_id: string | null;
  founder: FounderJson;
  legal_address: AddressJson;
  actual_address: AddressJson;
  head: HeadJson;
  contacts: ContactsJson;
  licence: LicenceJson | null;
  accreditation: AccreditationJson | null;
  capacity: number | null;
  status: OrganizationStatus;
  status_changed_on: string | null;
  liquidated_on: string | null;
  successor_organization_id: string | null;
};

export type GeneratedRegion = { territories: TerritoryRow[]; organizations: OrganizationRow[] };
