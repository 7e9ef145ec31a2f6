import profilesData from './data/municipality-profiles.json' with { type: 'json' };
import regionData from './data/region-irkutsk.json' with { type: 'json' };
import { stableUuid } from './ids.ts';
import {
  type AdjectiveForms,
  adjectiveForms,
  districtAdjective,
  isPlaceAdjective,
  placeSlug,
} from './text.ts';
import type { MunicipalityType, TerritoryRow } from './types.ts';

export const REGION_OKTMO = regionData.region.oktmoCode;
export const REGION_NAME = regionData.region.name;
export const REGION_GENITIVE = 'Иркутской области';

/** A place inside a municipality where organizations stand: a поселение, or the urban okrug itself. */
export type Locality = {
  territoryId: string;
  oktmo: string;
  /** Address part after the district («Биритское сельское поселение»); empty for urban okrugs. */
  label: string;
  /** Place adjective for names like «Биритская СОШ»; null when the ОКТМО name is a noun («Аларь»). */
  adjective: AdjectiveForms | null;
  urban: boolean;
};

export type Municipality = {
  id: string;
  oktmo: string;
  type: 'municipal_district' | 'urban_okrug';
  name: string;
  adjective: AdjectiveForms;
  /** Suffix of full names: «г. Братска», «Балаганского муниципального района». */
  genitive: string;
  /** Address part after the region: «г. Братск», «Балаганский район». */
  addressLabel: string;
  founderName: string;
  slug: string;
  phoneCode: string;
  taxOffices: readonly string[];
  population: number;
  localities: Locality[];
  /** Where district-level organizations (ОДО, colleges) stand: the first urban поселение, if any. */
  centre: Locality;
};

export type RegionModel = {
  regionId: string;
  municipalities: Municipality[];
  territories: TerritoryRow[];
};

export type RegionOptions = {
  /** Emit поселения as `district` territories and place district organizations in them (default true). */
  districts?: boolean;
};

type Profile = {
  name: string;
  populationThousands: number;
  phoneCode: string;
  taxOffices: string[];
  slug?: string;
  town?: string;
  genitive?: string;
  adjective?: string;
  founder?: string;
};

const profiles = profilesData.municipalities as Record<string, Profile>;

type RawSettlement = { code: string; name: string; type: string };
type RawMunicipality = {
  code: string;
  name: string;
  type: string;
  displayName?: string;
  settlements?: RawSettlement[];
};
const rawMunicipalities = regionData.municipalities as RawMunicipality[];

function settlementName(name: string, type: string): string {
  if (type === 'inter_settlement_territory') return name.slice(0, 300);
  const noun = type === 'urban_settlement' ? 'городское поселение' : 'сельское поселение';
  return isPlaceAdjective(name) ? `${name} ${noun}` : `муниципальное образование «${name}»`;
}

/**
 * Territories of Иркутская область from the ОКТМО snapshot: the region, its 42 municipalities and, unless
 * turned off, their поселения as districts. Ids are derived from seed and ОКТМО, so reruns keep them.
 */
export function buildRegion(seed: string | number, options: RegionOptions = {}): RegionModel {
  const withDistricts = options.districts ?? true;
  const territoryId = (oktmo: string) => stableUuid(seed, `territory:${oktmo}`);
  const regionId = territoryId(REGION_OKTMO);
  const territories: TerritoryRow[] = [
    {
      id: regionId,
      kind: 'region',
      name: REGION_NAME,
      oktmo: REGION_OKTMO,
      municipality_type: null,
      parent_id: null,
    },
  ];
  const districtRows: TerritoryRow[] = [];
  const municipalities: Municipality[] = [];

  for (const m of rawMunicipalities) {
    const profile = profiles[m.code];
    if (!profile) throw new Error(`no profile for municipality ${m.code}`);
    const id = territoryId(m.code);
    const type = m.type as Municipality['type'];
    const name = m.displayName ?? m.name;
    territories.push({
      id,
      kind: 'municipality',
      name,
      oktmo: m.code,
      municipality_type: type,
      parent_id: regionId,
    });

    const localities: Locality[] = [];
    for (const s of m.settlements ?? []) {
      const sid = territoryId(s.code);
      const label = settlementName(s.name, s.type);
      if (withDistricts) {
        const municipality_type = s.type as MunicipalityType;
        districtRows.push({
          id: sid,
          kind: 'district',
          name: label,
          oktmo: s.code,
          municipality_type,
          parent_id: id,
        });
      }
      if (s.type === 'inter_settlement_territory') continue;
      localities.push({
        territoryId: withDistricts ? sid : id,
        oktmo: withDistricts ? s.code : m.code,
        label,
        adjective: isPlaceAdjective(s.name) ? adjectiveForms(s.name) : null,
        urban: s.type === 'urban_settlement',
      });
    }

    let municipality: Municipality;
    if (type === 'urban_okrug') {
      const self: Locality = { territoryId: id, oktmo: m.code, label: '', adjective: null, urban: true };
      municipality = {
        id,
        oktmo: m.code,
        type,
        name,
        adjective: adjectiveForms(profile.adjective ?? ''),
        genitive: profile.genitive ?? '',
        addressLabel: profile.town ?? '',
        founderName: profile.founder ?? '',
        slug: profile.slug ?? '',
        phoneCode: profile.phoneCode,
        taxOffices: profile.taxOffices,
        population: profile.populationThousands,
        localities: [self],
        centre: self,
      };
    } else {
      const adjective = adjectiveForms(districtAdjective(m.name));
      municipality = {
        id,
        oktmo: m.code,
        type,
        name,
        adjective,
        genitive: `${adjective.mGen} муниципального района`,
        addressLabel: `${adjective.m} район`,
        founderName: `Администрация ${adjective.mGen} муниципального района`,
        slug: `${placeSlug(adjective.m)}-rayon`,
        phoneCode: profile.phoneCode,
        taxOffices: profile.taxOffices,
        population: profile.populationThousands,
        localities,
        centre: localities.find((l) => l.urban) ?? (localities[0] as Locality),
      };
    }
    if (!municipality.genitive || !municipality.slug || municipality.localities.length === 0) {
      throw new Error(`incomplete profile for municipality ${m.code}`);
    }
    municipalities.push(municipality);
  }

  return { regionId, municipalities, territories: [...territories, ...districtRows] };
}
