import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { deferredAcceptance } from './deferred-acceptance.ts';
import { compileInstance, type Instance, priorityClass, type Seat } from './instance.ts';
import { phaseTwoOffers } from './offers.ts';
import type { AllocationSnapshot } from './snapshot.ts';

export const ALGORITHM = 'deferred-acceptance/1';

export type PriorityClassName = 'current_seat' | 'out_of_turn' | 'first' | 'sibling' | 'none';
const CLASS_NAMES: PriorityClassName[] = ['current_seat', 'out_of_turn', 'first', 'sibling', 'none'];

// Every object below is built with its keys in code-point order, so JSON.stringify already writes the
// canonical form (RFC 8785) of a result: a test holds it equal to the canonicalize library's output.
export type Cutoff = { applicationId: string; priority: PriorityClassName; registeredAt: string };
export type SeatRef = { applicationId: string; groupId: string; kindergartenId: string };
export type Rejection =
  | { kindergartenId: string; reason: 'no_group' }
  | { groupIds: string[]; kindergartenId: string; priority: PriorityClassName; reason: 'outranked' };

export type AllocationResult = {
  algorithm: string;
  cutoffs: {
    admitted: number;
    capacity: number;
    /** The weakest admitted priority when the group is full; null while places are left. */
    cutoff: Cutoff | null;
    groupId: string;
    kindergartenId: string;
  }[];
  /** For each application, every kindergarten ranked above its outcome and why it was not given (§3.7). */
  explanations: { applicationId: string; rejected: Rejection[] }[];
  /** SHA-256 of the snapshot file the run was computed from (its canonical JSON as exported). */
  inputSha256: string;
  /** Phase 2: offers of a kindergarten the family did not rank; not placements. */
  offers: SeatRef[];
  placements: SeatRef[];
  referenceDate: string;
  stats: { applications: number; offered: number; placed: number; proposals: number; unplaced: number };
  unplaced: { applicationId: string; reason: 'no_eligible_group' | 'outranked' | 'kept_current_seat' }[];
};

/** Canonical JSON (RFC 8785): the same value is always the same bytes, so results can be compared byte for byte. */
export const canonicalJson = (value: unknown): string => `${canonicalize(value)}\n`;

/** The canonical JSON of a result, written without re-sorting (its keys are already in order). */
export const resultJson = (result: AllocationResult): string => `${JSON.stringify(result)}\n`;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const byId = <T extends { applicationId: string }>(a: T, b: T) =>
  a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0;

/**
 * Runs one allocation from a validated snapshot. Pure: the result depends on the snapshot alone (and the
 * snapshot's hash, which the caller has from the exported bytes).
 */
export function allocate(snapshot: AllocationSnapshot, inputSha256: string): AllocationResult {
  const inst = compileInstance(snapshot);
  const { seatOf, held, proposals } = deferredAcceptance(inst);
  const offers = phaseTwoOffers(inst, snapshot, seatOf, held);
  const ref = (a: number, seat: number): SeatRef => ({
    applicationId: (inst.apps[a] as { id: string }).id,
    groupId: (inst.seats[seat] as Seat).group.id,
    kindergartenId: inst.kgIds[(inst.seats[seat] as Seat).kg] as string,
  });
  const placements: SeatRef[] = [];
  const unplaced: AllocationResult['unplaced'] = [];
  const explanations: AllocationResult['explanations'] = [];
  inst.apps.forEach((app, a) => {
    const seat = seatOf[a] as number;
    if (seat !== -1 && seat !== inst.currentSeat[a]) placements.push(ref(a, seat));
    else if (seat !== -1) unplaced.push({ applicationId: app.id, reason: 'kept_current_seat' });
    else {
      const anyEligible = (inst.candidates[a] as number[]).length > 0;
      unplaced.push({ applicationId: app.id, reason: anyEligible ? 'outranked' : 'no_eligible_group' });
    }
    const rejected = explain(inst, a, seat);
    if (rejected.length > 0) explanations.push({ applicationId: app.id, rejected });
  });
  const cutoffs = inst.seats.map((s, i) => {
    const heap = held[i] as number[];
    return {
      admitted: heap.length,
      capacity: s.capacity,
      cutoff: heap.length >= s.capacity && heap.length > 0 ? describeKey(inst, heap[0] as number, i) : null,
      groupId: s.group.id,
      kindergartenId: inst.kgIds[s.kg] as string,
    };
  });
  return {
    algorithm: ALGORITHM,
    cutoffs,
    explanations: explanations.sort(byId),
    inputSha256,
    offers: offers.map((o) => ref(o.app, o.seat)).sort(byId),
    placements: placements.sort(byId),
    referenceDate: snapshot.referenceDate,
    stats: {
      applications: inst.apps.length,
      offered: offers.length,
      placed: placements.length,
      proposals,
      unplaced: unplaced.length,
    },
    unplaced: unplaced.sort(byId),
  };
}

function describeKey(inst: Instance, key: number, seat: number): Cutoff {
  const a = key % inst.apps.length;
  const app = inst.apps[a] as { id: string; registeredAt: string };
  return {
    applicationId: app.id,
    priority: CLASS_NAMES[priorityClass(inst, a, seat) + 1] as PriorityClassName,
    registeredAt: app.registeredAt,
  };
}

/** The kindergartens ranked above the outcome: no group for the child there, or every seat went to stronger keys. */
function explain(inst: Instance, a: number, seat: number): Rejection[] {
  const outcomeKg = seat === -1 ? -1 : (inst.seats[seat] as Seat).kg;
  const out: Rejection[] = [];
  for (const { kg, seats } of inst.rankedSeats[a] as { kg: number; seats: number[] }[]) {
    if (kg === outcomeKg) break;
    const kindergartenId = inst.kgIds[kg] as string;
    if (seats.length === 0) out.push({ kindergartenId, reason: 'no_group' });
    else {
      const priority = CLASS_NAMES[priorityClass(inst, a, seats[0] as number) + 1] as PriorityClassName;
      const groupIds = seats.map((s) => (inst.seats[s] as Seat).group.id);
      out.push({ groupIds, kindergartenId, priority, reason: 'outranked' });
    }
  }
  return out;
}
