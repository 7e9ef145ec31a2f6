import type { AllocationSnapshot, SnapshotApplication, SnapshotGroup } from './snapshot.ts';

/**
 * The snapshot compiled into arrays the solver can walk without maps or string comparisons: applications
 * in canonical order (registration instant, then number), seats as (kindergarten, group) and, per
 * application, its candidate seats in preference order.
 */
export type Instance = {
  apps: SnapshotApplication[];
  seats: Seat[];
  /** Seats of each kindergarten in the documented group order (group id, code-point order). */
  kgSeats: number[][];
  kgIds: string[];
  kgArea: (string | undefined)[];
  /** Per application: 0 out_of_turn, 1 first, 3 none (the sibling class 2 depends on the kindergarten). */
  rightClass: Int8Array;
  siblingsAt: (Set<number> | null)[];
  /** Per application: the seat it holds today (transfer applications), else -1. */
  currentSeat: Int32Array;
  /** Per application: eligible seats in the order the family ranked them; a transfer's own seat last. */
  candidates: number[][];
  /** Per application: for each ranked kindergarten (before the current one), its eligible seats. */
  rankedSeats: { kg: number; seats: number[] }[][];
  /** Per application: full years on the reference date. */
  age: Int16Array;
};

export type Seat = { kg: number; group: SnapshotGroup; capacity: number };

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Microseconds since the epoch: PostgreSQL keeps registration instants to the microsecond. */
export function instantMicros(iso: string): number {
  const m = /^(.*T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)$/i.exec(iso);
  if (!m) return Number.NaN;
  const fraction = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  return Date.parse(`${m[1]}${m[3]}`) * 1000 + Number(fraction);
}

/**
 * Full years on `on`; a birthday falling on that day counts. A child born on 29 February comes of age on
 * 1 March in a common year (the day after 28 February), as the month-day comparison gives.
 */
export function fullYears(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Whether a group can take the child: age band on the reference date and the group's needs. */
export function eligible(app: SnapshotApplication, age: number, g: SnapshotGroup): boolean {
  if (age < g.ageFrom || age >= g.ageTo) return false;
  if ((g.orientation ?? 'general') !== (app.needs?.orientation ?? 'general')) return false;
  const stay = app.needs?.stayMode;
  if (stay !== undefined && g.stayMode !== undefined && stay !== g.stayMode) return false;
  const language = app.needs?.language;
  return language === undefined || g.language === undefined || language === g.language;
}

export function compileInstance(s: AllocationSnapshot): Instance {
  const kgs = [...s.kindergartens].sort((a, b) => byCodePoint(a.id, b.id));
  const kgIndex = new Map(kgs.map((k, i) => [k.id, i]));
  const seats: Seat[] = [];
  const seatIndex = new Map<string, number>();
  const kgSeats = kgs.map((k, kg) =>
    [...k.groups]
      .sort((a, b) => byCodePoint(a.id, b.id))
      .map((group) => {
        seatIndex.set(group.id, seats.length);
        seats.push({ kg, group, capacity: group.free });
        return seats.length - 1;
      }),
  );
  const apps = s.applications
    .map((app) => ({ app, at: instantMicros(app.registeredAt) }))
    .sort((a, b) => a.at - b.at || byCodePoint(a.app.id, b.app.id))
    .map((x) => x.app);
  const n = apps.length;
  const rightClass = new Int8Array(n);
  const currentSeat = new Int32Array(n).fill(-1);
  const age = new Int16Array(n);
  const siblingsAt: (Set<number> | null)[] = [];
  const candidates: number[][] = [];
  const rankedSeats: { kg: number; seats: number[] }[][] = [];
  apps.forEach((a, i) => {
    rightClass[i] = a.right === 'out_of_turn' ? 0 : a.right === 'first' ? 1 : 3;
    age[i] = fullYears(a.birthDate, s.referenceDate);
    siblingsAt.push(a.siblingsAt.length ? new Set(a.siblingsAt.map((k) => kgIndex.get(k) as number)) : null);
    const ranked: { kg: number; seats: number[] }[] = [];
    const cand: number[] = [];
    for (const kgId of a.preferences) {
      if (a.current && kgId === a.current.kindergartenId) break; // only what the family prefers to its seat
      const kg = kgIndex.get(kgId) as number;
      const ok: number[] = [];
      for (const seat of kgSeats[kg] as number[]) {
        if (!eligible(a, age[i] as number, (seats[seat] as Seat).group)) continue;
        ok.push(seat);
        cand.push(seat);
      }
      ranked.push({ kg, seats: ok });
    }
    if (a.current) {
      const seat = seatIndex.get(a.current.groupId) as number;
      currentSeat[i] = seat;
      (seats[seat] as Seat).capacity += 1; // the child's own seat is part of the group's capacity
      cand.push(seat);
    }
    candidates.push(cand);
    rankedSeats.push(ranked);
  });
  return {
    apps,
    seats,
    kgSeats,
    kgIds: kgs.map((k) => k.id),
    kgArea: kgs.map((k) => k.area),
    rightClass,
    siblingsAt,
    currentSeat,
    candidates,
    rankedSeats,
    age,
  };
}

/**
 * The priority key of application `a` at seat `seat` (smaller is stronger): the legal class at that
 * kindergarten, then the canonical rank, which already orders by registration instant and number.
 * A transfer applicant holds its own seat above everyone (class −1).
 */
export function priorityKey(inst: Instance, a: number, seat: number): number {
  return (priorityClass(inst, a, seat) + 1) * inst.apps.length + a;
}

export function priorityClass(inst: Instance, a: number, seat: number): number {
  if (inst.currentSeat[a] === seat) return -1;
  const cls = inst.rightClass[a] as number;
  if (cls < 3) return cls;
  return inst.siblingsAt[a]?.has((inst.seats[seat] as Seat).kg) ? 2 : 3;
}
