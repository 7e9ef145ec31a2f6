import { allocate, organizationCount } from './allocation.ts';
import { stableUuid } from './ids.ts';
import { addBranches, assignStatuses, type HeadDraft } from './lifecycle.ts';
import { namePicker } from './names.ts';
import {
  accreditation,
  address,
  capacity,
  contacts,
  head,
  licence,
  RequisitesRegistry,
  registrationYear,
} from './org-details.ts';
import {
  type AdditionalVariant,
  additionalName,
  COLLEGE_PROFILES,
  collegeName,
  composeNames,
  KINDERGARTEN_NICKNAMES,
  legalForm,
  type NameParts,
  type Ownership,
  type Place,
  type PreschoolVariant,
  preschoolName,
  type SchoolVariant,
  schoolName,
} from './org-names.ts';
import { type Random, WeightedPicker } from './random.ts';
import type { Locality, Municipality, RegionModel } from './region.ts';
import { acronym, placeSlug, slug } from './text.ts';
import { ORGANIZATION_KINDS, type OrganizationKind, type OrganizationRow } from './types.ts';

export const REGIONAL_FOUNDER = 'Министерство образования Иркутской области';

type Slot = {
  kind: OrganizationKind;
  m: Municipality;
  locality: Locality;
  variant: string;
  ownership: Ownership;
};

// Object keys keep insertion order, so the pickers (and the output) are stable.
const shares = <T extends string>(weights: Partial<Record<T, number>>) =>
  new WeightedPicker(Object.keys(weights) as T[], Object.values(weights) as number[]);

const URBAN_SCHOOL = shares<SchoolVariant>({
  sosh: 70,
  uiop: 5,
  gymnasium: 8,
  lyceum: 6,
  oosh: 8,
  centre: 3,
});
const TOWN_SCHOOL = shares<SchoolVariant>({ sosh: 85, oosh: 15 });
const VILLAGE_SCHOOL = shares<SchoolVariant>({ sosh: 60, oosh: 40 });
const URBAN_PRESCHOOL = shares<PreschoolVariant>({ plain: 60, combined: 25, general: 10, development: 5 });
const RURAL_PRESCHOOL = shares<PreschoolVariant>({ plain: 80, combined: 10, general: 10 });
const ADDITIONAL = shares<AdditionalVariant>({ ddt: 30, cdt: 20, dyussh: 25, syut: 8, syun: 5, cdo: 12 });
const URBAN_OWNERSHIP = shares<Ownership>({ budget: 85, autonomous: 10, treasury: 5 });
const RURAL_OWNERSHIP = shares<Ownership>({ treasury: 55, budget: 40, autonomous: 5 });

function variantFor(rng: Random, kind: OrganizationKind, m: Municipality, locality: Locality): string {
  const urban = m.type === 'urban_okrug';
  if (kind === 'school') {
    return (urban ? URBAN_SCHOOL : locality.urban ? TOWN_SCHOOL : VILLAGE_SCHOOL).pick(rng);
  }
  if (kind === 'preschool') return (urban ? URBAN_PRESCHOOL : RURAL_PRESCHOOL).pick(rng);
  if (kind === 'additional') return ADDITIONAL.pick(rng);
  return 'college';
}

/** Where each organization stands and what it is, before any name is given. */
function placeSlots(rng: Random, region: RegionModel, learners: number): Slot[] {
  const slots: Slot[] = [];
  const weights = region.municipalities.map((m) => m.population);
  for (const kind of ORGANIZATION_KINDS) {
    const perMunicipality = allocate(organizationCount(kind, learners), weights);
    region.municipalities.forEach((m, i) => {
      // Town поселения hold more schools and kindergartens than villages.
      const localities = WeightedPicker.of(m.localities, (l) => (l.urban ? 6 : 1));
      for (let k = 0; k < (perMunicipality[i] as number); k++) {
        const central = kind === 'additional' || kind === 'vocational';
        const locality = central ? m.centre : localities.pick(rng);
        const ownership: Ownership =
          kind === 'vocational'
            ? 'regional'
            : (m.type === 'urban_okrug' ? URBAN_OWNERSHIP : RURAL_OWNERSHIP).pick(rng);
        slots.push({ kind, m, locality, variant: variantFor(rng, kind, m, locality), ownership });
      }
    });
  }
  return slots;
}

type Named = { parts: NameParts; mailbox: string };

function placeOf(slot: Slot): Place {
  if (slot.m.type === 'urban_okrug') return { urban: true, genitive: slot.m.genitive };
  const central = slot.kind === 'additional' || slot.kind === 'vocational';
  return { urban: false, adjective: (!central && slot.locality.adjective) || slot.m.adjective };
}

/**
 * Names in two passes: group the slots that would share a name, then number within a group. Urban schools and
 * kindergartens instead draw distinct numbers from a pool, as towns number them in one sequence with gaps.
 */
function nameSlots(rng: Random, slots: Slot[]): Named[] {
  const groups = new Map<string, number[]>();
  slots.forEach((s, i) => {
    const place = placeOf(s);
    const numbered = place.urban && (s.kind === 'school' || s.kind === 'preschool');
    const key = numbered
      ? `pool|${s.m.oktmo}|${s.kind}`
      : `${s.m.oktmo}|${s.kind}|${s.variant}|${place.urban ? '' : place.adjective.m}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const numbers = new Array<number | null>(slots.length).fill(null);
  for (const [key, members] of groups) {
    if (key.startsWith('pool|')) {
      const size = Math.ceil(members.length * 1.3) + 2;
      const pool = rng.shuffle(Array.from({ length: size }, (_, i) => i + 1)).slice(0, members.length);
      pool.sort((a, b) => a - b);
      members.forEach((slotIndex, k) => {
        numbers[slotIndex] = pool[k] as number;
      });
    } else if (members.length > 1) {
      members.forEach((slotIndex, k) => {
        numbers[slotIndex] = k + 1;
      });
    }
  }
  const collegeNames = new Set<string>();
  return slots.map((s, i) => {
    const place = placeOf(s);
    const n = numbers[i] ?? null;
    const stem = place.urban ? '' : `${placeSlug(place.adjective.m)}-`;
    const suffix = n === null ? '' : String(n);
    if (s.kind === 'school') {
      return { parts: schoolName(s.variant as SchoolVariant, place, n), mailbox: `${stem}school${suffix}` };
    }
    if (s.kind === 'preschool') {
      const nickname = place.urban && rng.chance(0.5) ? null : rng.pick(KINDERGARTEN_NICKNAMES);
      const parts = preschoolName(s.variant as PreschoolVariant, place, n, nickname);
      return { parts, mailbox: `${stem}ds${suffix}` };
    }
    if (s.kind === 'additional') {
      const parts = additionalName(s.variant as AdditionalVariant, place, n);
      return { parts, mailbox: `${stem}${s.variant}${suffix}` };
    }
    const adjective = s.m.adjective;
    const profiles = rng.shuffle([...COLLEGE_PROFILES]);
    const free = profiles.find((p) => !collegeNames.has(`${adjective.m} ${p}`));
    const profile = free ?? (profiles[0] as string);
    let k = free ? null : 2;
    while (k !== null && collegeNames.has(`${adjective.m} ${profile} № ${k}`)) k++;
    const parts = collegeName(adjective, profile, k);
    collegeNames.add(parts.quoted);
    return { parts, mailbox: slug(acronym(`${adjective.m} ${profile}`)) + (k ?? '') };
  });
}

export type OrganizationOptions = { learners: number; seed: string | number; asOf: string };

export function buildOrganizations(
  rng: Random,
  region: RegionModel,
  o: OrganizationOptions,
): OrganizationRow[] {
  const names = namePicker();
  const slots = placeSlots(rng.fork('placement'), region, o.learners);
  const named = nameSlots(rng.fork('names'), slots);
  const details = rng.fork('details');
  const registry = new RequisitesRegistry(rng.fork('requisites'));
  const ordinal = new Map<string, number>();

  const heads: HeadDraft[] = slots.map((s, i) => {
    const { parts, mailbox } = named[i] as Named;
    const form = legalForm(s.kind, s.ownership);
    const key = `${s.m.oktmo}:${s.kind}`;
    const seq = (ordinal.get(key) ?? 0) + 1;
    ordinal.set(key, seq);
    const year = registrationYear(details);
    const taxOffice = details.pick(s.m.taxOffices);
    const legal = address(details, s.m, s.locality);
    const lic = licence(details, year, o.asOf);
    const accredited = s.kind === 'school' || s.kind === 'vocational';
    const regional = s.kind === 'vocational';
    const { fullName, shortName } = composeNames(form, parts);
    const row: OrganizationRow = {
      id: stableUuid(o.seed, `organization:${key}:${seq}`),
      kind: s.kind,
      full_name: fullName,
      short_name: shortName,
      legal_form: form.code,
      ...registry.issue(taxOffice, year),
      territory_id: s.locality.territoryId,
      parent_organization_id: null,
      founder: regional
        ? { name: REGIONAL_FOUNDER, territoryId: region.regionId }
        : { name: s.m.founderName, territoryId: s.m.id },
      legal_address: legal,
      actual_address: legal,
      head: head(details, names, s.kind, false),
      contacts: contacts(details, s.m, mailbox),
      licence: lic,
      accreditation: accredited ? accreditation(details, lic.issuedOn, o.asOf) : null,
      capacity: capacity(details, s.kind, s.m.type === 'municipal_district', false),
      status: 'active',
      status_changed_on: null,
      liquidated_on: null,
      successor_organization_id: null,
    };
    return { row, m: s.m, locality: s.locality, form, parts, mailbox, branches: 0 };
  });

  const branches = addBranches(rng.fork('branches'), region, heads, { names, seed: o.seed });
  const liquidated = assignStatuses(rng.fork('status'), heads, o.asOf);
  // Foreign keys: heads before their branches, successors before the organizations they succeed.
  const gone = new Set(liquidated);
  return [
    ...heads.filter((h) => !gone.has(h)).map((h) => h.row),
    ...branches,
    ...liquidated.map((h) => h.row),
  ];
}
