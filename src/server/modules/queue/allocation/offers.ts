import { eligible, type Instance, type Seat } from './instance.ts';
import type { AllocationSnapshot } from './snapshot.ts';

/**
 * Phase 2 (`allocation.md` §3.3, §3.5): children still without a place, whose families agreed to
 * alternatives, are offered a free seat of a kindergarten they did not rank — their own area first, then
 * the nearest areas, then the rest. An offer is not a placement and takes nothing from phase 1: every seat
 * it uses was left free because no eligible child who ranked it was waiting. Children are served by the
 * global order (right, registration instant, number); the sibling right is specific to a kindergarten
 * the family ranked, so it plays no part here.
 */
export function phaseTwoOffers(
  inst: Instance,
  snapshot: AllocationSnapshot,
  seatOf: Int32Array,
  held: number[][],
): { app: number; seat: number }[] {
  const left = inst.seats.map((s, i) => s.capacity - (held[i] as number[]).length);
  const waiting: number[] = [];
  inst.apps.forEach((a, i) => {
    if (seatOf[i] === -1 && inst.currentSeat[i] === -1 && a.acceptsAlternatives === true) waiting.push(i);
  });
  waiting.sort((x, y) => (inst.rightClass[x] as number) - (inst.rightClass[y] as number) || x - y);

  const kgsByArea = new Map<string | undefined, number[]>();
  inst.kgArea.forEach((area, kg) => {
    const list = kgsByArea.get(area) ?? [];
    list.push(kg);
    kgsByArea.set(area, list);
  });
  const nearest = new Map((snapshot.areas ?? []).map((a) => [a.id, a.nearest]));
  const orderCache = new Map<string | undefined, number[]>();
  const kgOrder = (area: string | undefined): number[] => {
    const cached = orderCache.get(area);
    if (cached) return cached;
    const seen = new Set<number>();
    const order: number[] = [];
    const add = (kgs: number[] | undefined) => {
      for (const kg of kgs ?? []) {
        if (seen.has(kg)) continue;
        seen.add(kg);
        order.push(kg);
      }
    };
    if (area !== undefined) {
      add(kgsByArea.get(area));
      for (const other of nearest.get(area) ?? []) add(kgsByArea.get(other));
    }
    for (let kg = 0; kg < inst.kgIds.length; kg++) add([kg]);
    orderCache.set(area, order);
    return order;
  };
  const kgLeft = inst.kgSeats.map((seats) => seats.reduce((sum, s) => sum + (left[s] as number), 0));

  const offers: { app: number; seat: number }[] = [];
  for (const a of waiting) {
    const app = inst.apps[a] as AllocationSnapshot['applications'][number];
    const ranked = new Set(app.preferences);
    let chosen = -1;
    for (const kg of kgOrder(app.area)) {
      if ((kgLeft[kg] as number) === 0 || ranked.has(inst.kgIds[kg] as string)) continue;
      chosen =
        (inst.kgSeats[kg] as number[]).find(
          (s) =>
            (left[s] as number) > 0 && eligible(app, inst.age[a] as number, (inst.seats[s] as Seat).group),
        ) ?? -1;
      if (chosen !== -1) break;
    }
    if (chosen === -1) continue;
    left[chosen] = (left[chosen] as number) - 1;
    const kg = (inst.seats[chosen] as Seat).kg;
    kgLeft[kg] = (kgLeft[kg] as number) - 1;
    offers.push({ app: a, seat: chosen });
  }
  return offers;
}
