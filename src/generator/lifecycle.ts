import { stableUuid } from './ids.ts';
import type { NamePicker } from './names.ts';
import { address, capacity, contacts, head } from './org-details.ts';
import { composeBranchNames, type LegalForm, type NameParts } from './org-names.ts';
import { dayNumber, isoFromDay, type Random, WeightedPicker } from './random.ts';
import type { Locality, Municipality, RegionModel } from './region.ts';
import type { OrganizationRow } from './types.ts';

/** A head organization with what branches and status changes need to know about it. */
export type HeadDraft = {
  row: OrganizationRow;
  m: Municipality;
  locality: Locality;
  form: LegalForm;
  parts: NameParts;
  mailbox: string;
  branches: number;
};

type BranchContext = { names: NamePicker; seed: string | number };

// КПП reason code 43: registration at the location of a separate subdivision (обособленное подразделение).
const BRANCH_KPP_REASON = '43';

function branchRow(rng: Random, h: HeadDraft, at: Municipality, place: Locality, ctx: BranchContext) {
  h.branches += 1;
  const k = h.branches;
  const prefix = place.adjective && place !== h.locality ? `${place.adjective.m} филиал` : `Филиал № ${k}`;
  const names = composeBranchNames(h.form, h.parts, prefix);
  const taxPrefix = at === h.m ? h.row.inn.slice(0, 4) : (at.taxOffices[0] as string);
  const row: OrganizationRow = {
    ...h.row,
    id: stableUuid(ctx.seed, `branch:${h.row.id}:${k}`),
    full_name: names.fullName,
    short_name: names.shortName,
    kpp: `${taxPrefix}${BRANCH_KPP_REASON}${String(k).padStart(3, '0')}`,
    territory_id: place.territoryId,
    parent_organization_id: h.row.id,
    // The legal address stays the head's: a branch is not a legal entity of its own.
    actual_address: address(rng, at, place),
    head: head(rng, ctx.names, h.row.kind, true),
    contacts: contacts(rng, at, `${h.mailbox}-f${k}`),
    capacity: capacity(rng, h.row.kind, at.type === 'municipal_district', true),
  };
  return row;
}

/**
 * Branches (филиалы): rural schools keep small village schools as branches, and colleges open branches in
 * district centres. A few percent of schools and a tenth of colleges; at least one of each when possible.
 */
export function addBranches(
  rng: Random,
  region: RegionModel,
  heads: HeadDraft[],
  ctx: BranchContext,
): OrganizationRow[] {
  const out: OrganizationRow[] = [];
  const schools = heads.filter((h) => h.row.kind === 'school');
  const ruralSchools = schools.filter((h) => h.m.localities.length > 1);
  const schoolHeads = ruralSchools.length > 0 ? ruralSchools : schools;
  const schoolBranches = schools.length >= 2 ? Math.max(1, Math.round(schools.length * 0.03)) : 0;
  for (let i = 0; i < schoolBranches; i++) {
    const h = rng.pick(schoolHeads);
    const others = h.m.localities.filter((l) => l !== h.locality);
    const place = others.length > 0 ? rng.pick(others) : h.locality;
    out.push(branchRow(rng, h, h.m, place, ctx));
  }

  const colleges = heads.filter((h) => h.row.kind === 'vocational');
  const districts = region.municipalities.filter((m) => m.type === 'municipal_district');
  const districtPicker = WeightedPicker.of(districts, (m) => m.population);
  const collegeBranches = colleges.length > 0 ? Math.max(1, Math.round(colleges.length * 0.1)) : 0;
  const used = new Set<string>();
  for (let i = 0; i < collegeBranches; i++) {
    const h = rng.pick(colleges);
    let at = districtPicker.pick(rng);
    // One branch per college and district; a second draw is enough to keep this rare.
    if (at === h.m || used.has(`${h.row.id}|${at.id}`)) at = districtPicker.pick(rng);
    if (at === h.m || used.has(`${h.row.id}|${at.id}`)) continue;
    used.add(`${h.row.id}|${at.id}`);
    out.push(branchRow(rng, h, at, at.centre, ctx));
  }
  return out;
}

/**
 * About 2% of head organizations are being reorganized and 1% are liquidated; a liquidated organization names
 * an active successor of the same kind in the same municipality. Returns the liquidated ones, which the
 * caller writes after everything else so their successors already exist.
 */
export function assignStatuses(rng: Random, heads: HeadDraft[], asOf: string): HeadDraft[] {
  const today = dayNumber(asOf);
  const groups = new Map<string, HeadDraft[]>();
  for (const h of heads) {
    const key = `${h.m.oktmo}|${h.row.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  const liquidated: HeadDraft[] = [];
  const successors = new Set<HeadDraft>();
  const target = Math.max(1, Math.round(heads.length * 0.01));
  for (const h of rng.shuffle(heads.filter((x) => x.branches === 0))) {
    if (liquidated.length >= target) break;
    if (successors.has(h)) continue;
    const candidates = (groups.get(`${h.m.oktmo}|${h.row.kind}`) ?? []).filter(
      (c) => c !== h && c.row.status !== 'liquidated',
    );
    if (candidates.length === 0) continue;
    const successor = rng.pick(candidates);
    successors.add(successor);
    const on = isoFromDay(rng.int(dayNumber('2019-01-01'), today - 30));
    Object.assign(h.row, {
      status: 'liquidated',
      status_changed_on: on,
      liquidated_on: on,
      successor_organization_id: successor.row.id,
    });
    liquidated.push(h);
  }

  const reorganizing = heads.length >= 10 ? Math.max(1, Math.round(heads.length * 0.02)) : 0;
  const active = rng.shuffle(heads.filter((h) => h.row.status === 'active'));
  for (const h of active.slice(0, reorganizing)) {
    h.row.status = 'reorganizing';
    h.row.status_changed_on = isoFromDay(rng.int(today - 365, today));
  }
  return liquidated;
}
