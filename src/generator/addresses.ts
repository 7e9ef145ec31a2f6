import { address } from './org-details.ts';
import { type Random, WeightedPicker } from './random.ts';
import { buildRegion, type Locality, type Municipality } from './region.ts';
import type { AddressJson, GeneratedRegion, OrganizationKind, OrganizationRow } from './types.ts';

/** An organization that takes learners, with the place it stands in. */
export type OrgPlace = { org: OrganizationRow; m: Municipality; locality: Locality };

export type Home = { m: Municipality; locality: Locality };

const LOCAL_SHARE: Record<OrganizationKind, number> = {
  preschool: 0.85,
  school: 0.8,
  additional: 0.6,
  vocational: 0.3,
};
const MUNICIPAL_SHARE: Record<OrganizationKind, number> = {
  preschool: 1,
  school: 1,
  additional: 0.95,
  vocational: 0.55,
};

// Operator codes of mobile numbers common in Иркутская область.
const MOBILE_CODES = ['902', '904', '908', '914', '924', '950', '952', '964', '983', '999'] as const;

function pickers(places: Map<string, OrgPlace[]>): Map<string, WeightedPicker<OrgPlace>> {
  const out = new Map<string, WeightedPicker<OrgPlace>>();
  for (const [key, list] of places)
    out.set(
      key,
      WeightedPicker.of(list, (p) => p.org.capacity ?? 100),
    );
  return out;
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Where families live and which organizations their children attend. Organizations are weighted by capacity;
 * children mostly attend one in their own поселение, and always one in their municipality when there is any
 * (colleges excepted: teenagers often study in a city).
 */
export class Geography {
  private readonly municipalities: WeightedPicker<Municipality>;
  private readonly byLocality: Map<string, WeightedPicker<OrgPlace>>;
  private readonly byMunicipality: Map<string, WeightedPicker<OrgPlace>>;
  private readonly byKind: Map<string, WeightedPicker<OrgPlace>>;
  private readonly placeById = new Map<string, OrgPlace>();

  constructor(region: GeneratedRegion) {
    // The territorial model is the same for every seed; only its ids depend on it, and they are not used.
    const model = buildRegion('geography');
    const localityByOktmo = new Map<string, { m: Municipality; locality: Locality }>();
    for (const m of model.municipalities) {
      localityByOktmo.set(m.oktmo, { m, locality: m.centre });
      for (const l of m.localities) localityByOktmo.set(l.oktmo, { m, locality: l });
    }
    const territoryOktmo = new Map(region.territories.map((t) => [t.id, t.oktmo]));
    const local = new Map<string, OrgPlace[]>();
    const municipal = new Map<string, OrgPlace[]>();
    const regional = new Map<string, OrgPlace[]>();
    const schoolCapacity = new Map<Municipality, number>();
    for (const org of region.organizations) {
      if (org.status === 'liquidated') continue;
      const where = localityByOktmo.get(territoryOktmo.get(org.territory_id) ?? '');
      if (!where) throw new Error(`organization ${org.id} stands in an unknown territory`);
      const place: OrgPlace = { org, ...where };
      this.placeById.set(org.id, place);
      push(local, `${where.locality.oktmo}|${org.kind}`, place);
      push(municipal, `${where.m.oktmo}|${org.kind}`, place);
      push(regional, org.kind, place);
      if (org.kind === 'school') {
        schoolCapacity.set(where.m, (schoolCapacity.get(where.m) ?? 0) + (org.capacity ?? 0));
      }
    }
    const populated = model.municipalities.filter((m) => (schoolCapacity.get(m) ?? 0) > 0);
    if (populated.length === 0) throw new Error('the region has no schools to place learners in');
    this.municipalities = WeightedPicker.of(populated, (m) => schoolCapacity.get(m) ?? 0);
    this.byLocality = pickers(local);
    this.byMunicipality = pickers(municipal);
    this.byKind = pickers(regional);
  }

  /** A family's municipality, in proportion to its school places. */
  municipality(rng: Random): Municipality {
    return this.municipalities.pick(rng);
  }

  /** An organization of a kind for a child living in `home` (or anywhere in `m` before the home is set). */
  organization(rng: Random, kind: OrganizationKind, m: Municipality, home?: Locality): OrgPlace {
    if (home && rng.chance(LOCAL_SHARE[kind])) {
      const local = this.byLocality.get(`${home.oktmo}|${kind}`);
      if (local) return local.pick(rng);
    }
    if (rng.chance(MUNICIPAL_SHARE[kind])) {
      const municipal = this.byMunicipality.get(`${m.oktmo}|${kind}`);
      if (municipal) return municipal.pick(rng);
    }
    const any = this.byKind.get(kind);
    if (!any) throw new Error(`the region has no ${kind} organizations`);
    return any.pick(rng);
  }

  place(organizationId: string): OrgPlace {
    const place = this.placeById.get(organizationId);
    if (!place) throw new Error(`organization ${organizationId} is not an active organization of the region`);
    return place;
  }
}

/** A flat or house in the family's поселение; towns have flats. */
export function homeAddress(rng: Random, home: Home): AddressJson {
  const base = address(rng, home.m, home.locality);
  const flats = home.locality.urban && rng.chance(0.85);
  return flats ? { text: `${base.text}, кв. ${rng.skewed(1, 240, 1.5)}`, oktmo: base.oktmo } : base;
}

/** Another поселение of the same municipality, or the same one, for the actual address. */
export function nearbyHome(rng: Random, home: Home): Home {
  return rng.chance(0.6) ? home : { m: home.m, locality: rng.pick(home.m.localities) };
}

/** «+7 (914) 123-45-67». */
export function mobilePhone(rng: Random): string {
  return `+7 (${rng.pick(MOBILE_CODES)}) ${rng.int(200, 999)}-${rng.digits(2)}-${rng.digits(2)}`;
}

/** Place of birth as written in documents: the municipality of the region. */
export function birthPlace(m: Municipality): string {
  return `Иркутская область, ${m.addressLabel}`;
}
