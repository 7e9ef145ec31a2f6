import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AllocationResult, allocate, canonicalJson, resultJson } from './allocate.ts';
import { fullYears } from './instance.ts';
import type { AllocationSnapshot, SnapshotApplication } from './snapshot.ts';

const REF = '2027-09-01';

/** Small random instances: few kindergartens and groups so that conflicts are the rule, not the exception. */
const snapshotArb: fc.Arbitrary<AllocationSnapshot> = fc
  .record({
    kgs: fc.array(
      fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: 5 }),
          span: fc.integer({ min: 1, max: 3 }),
          free: fc.integer({ min: 0, max: 3 }),
          comp: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      { minLength: 1, maxLength: 4 },
    ),
    apps: fc.array(
      fc.record({
        ageDays: fc.integer({ min: 200, max: 7 * 365 }),
        regDay: fc.integer({ min: 0, max: 30 }),
        prefs: fc.array(fc.nat(9), { maxLength: 4 }),
        right: fc.constantFrom(null, null, null, 'first', 'out_of_turn'),
        sibling: fc.option(fc.nat(9)),
        comp: fc.boolean(),
        transfer: fc.option(fc.nat(9)),
      }),
      { maxLength: 14 },
    ),
  })
  .map(({ kgs, apps }) => {
    const kindergartens = kgs.map((groups, k) => ({
      id: `k${k}`,
      groups: groups.map((g, j) => ({
        id: `k${k}g${j}`,
        ageFrom: g.from,
        ageTo: Math.min(8, g.from + g.span),
        free: g.free,
        ...(g.comp && j > 0 ? { orientation: 'compensating' as const } : {}),
      })),
    }));
    const kgId = (i: number) => `k${i % kindergartens.length}`;
    const applications: SnapshotApplication[] = apps.map((a, i) => {
      const birth = new Date(Date.parse(`${REF}T00:00:00Z`) - a.ageDays * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const prefs = [...new Set(a.prefs.map(kgId))];
      const app: SnapshotApplication = {
        id: `A${String(i).padStart(3, '0')}`,
        birthDate: birth,
        // Several applications share an instant: the number breaks the tie.
        registeredAt: `2026-01-${String(1 + (a.regDay % 28)).padStart(2, '0')}T10:00:00Z`,
        preferences: prefs,
        right: a.right as SnapshotApplication['right'],
        siblingsAt: a.sibling === null ? [] : [kgId(a.sibling)],
        acceptsAlternatives: true,
      };
      if (a.comp) app.needs = { orientation: 'compensating' };
      if (a.transfer !== null) {
        const kg = kindergartens[a.transfer % kindergartens.length] as (typeof kindergartens)[number];
        const g = kg.groups[0] as (typeof kg.groups)[number];
        app.current = { kindergartenId: kg.id, groupId: g.id };
        app.preferences = prefs.filter((p) => p !== kg.id);
      }
      return app;
    });
    return { referenceDate: REF, kindergartens, applications };
  });

// ---- An independent reading of the specification: eligibility, priority and DA by rounds. ----

function ageOn(birth: string, on: string) {
  const b = new Date(`${birth}T00:00:00Z`);
  const d = new Date(`${on}T00:00:00Z`);
  let years = d.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday =
    d.getUTCMonth() < b.getUTCMonth() ||
    (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate());
  if (beforeBirthday) years -= 1;
  return years;
}

type G = AllocationSnapshot['kindergartens'][number]['groups'][number];
const fits = (s: AllocationSnapshot, a: SnapshotApplication, g: G) => {
  const age = ageOn(a.birthDate, s.referenceDate);
  return (
    g.ageFrom <= age && age < g.ageTo && (g.orientation ?? 'general') === (a.needs?.orientation ?? 'general')
  );
};
const groupsOf = (s: AllocationSnapshot, kg: string) =>
  [...(s.kindergartens.find((k) => k.id === kg)?.groups ?? [])].sort((x, y) => (x.id < y.id ? -1 : 1));
const kgOfGroup = (s: AllocationSnapshot, gid: string) =>
  s.kindergartens.find((k) => k.groups.some((g) => g.id === gid))?.id as string;

/** The seats a family would take, best first: eligible groups of ranked kindergartens, then its own seat. */
function choices(s: AllocationSnapshot, a: SnapshotApplication): string[] {
  const out: string[] = [];
  for (const kg of a.preferences) for (const g of groupsOf(s, kg)) if (fits(s, a, g)) out.push(g.id);
  if (a.current) out.push(a.current.groupId);
  return out;
}

function key(s: AllocationSnapshot, a: SnapshotApplication, gid: string): [number, number, string] {
  const kg = kgOfGroup(s, gid);
  const cls =
    a.current?.groupId === gid
      ? -1
      : a.right === 'out_of_turn'
        ? 0
        : a.right === 'first'
          ? 1
          : a.siblingsAt.includes(kg)
            ? 2
            : 3;
  return [cls, Date.parse(a.registeredAt), a.id as unknown as number] as unknown as [number, number, string];
}
const stronger = (x: [number, number, string], y: [number, number, string]) =>
  x[0] !== y[0] ? x[0] < y[0] : x[1] !== y[1] ? x[1] < y[1] : x[2] < y[2];

function capacity(s: AllocationSnapshot, gid: string) {
  const g = s.kindergartens.flatMap((k) => k.groups).find((x) => x.id === gid) as G;
  return g.free + s.applications.filter((a) => a.current?.groupId === gid).length;
}

/** DA by rounds: everyone without a seat proposes to the next choice; each seat keeps its strongest. */
function referenceDa(s: AllocationSnapshot): Map<string, string> {
  const next = new Map(s.applications.map((a) => [a.id, 0]));
  const holders = new Map<string, SnapshotApplication[]>();
  const held = new Map<string, string>();
  for (;;) {
    const proposing = s.applications.filter(
      (a) => !held.has(a.id) && (next.get(a.id) as number) < choices(s, a).length,
    );
    if (proposing.length === 0) break;
    for (const a of proposing) {
      const gid = choices(s, a)[next.get(a.id) as number] as string;
      next.set(a.id, (next.get(a.id) as number) + 1);
      holders.set(gid, [...(holders.get(gid) ?? []), a]);
    }
    held.clear();
    for (const [gid, list] of holders) {
      const kept = [...list]
        .sort((x, y) => (stronger(key(s, x, gid), key(s, y, gid)) ? -1 : 1))
        .slice(0, capacity(s, gid));
      holders.set(gid, kept);
      for (const a of kept) held.set(a.id, gid);
    }
  }
  return held;
}

const run = (s: AllocationSnapshot) => allocate(s, 'test');
/** The seat each application ends in: a new placement, its own seat kept, or none. */
function outcome(s: AllocationSnapshot, r: AllocationResult): Map<string, string> {
  const m = new Map(r.placements.map((p) => [p.applicationId, p.groupId]));
  for (const u of r.unplaced) {
    if (u.reason === 'kept_current_seat') {
      m.set(
        u.applicationId,
        (s.applications.find((a) => a.id === u.applicationId) as SnapshotApplication).current
          ?.groupId as string,
      );
    }
  }
  return m;
}
/** Position of the outcome in the family's own order (lower is better; no seat is worst). */
const rank = (s: AllocationSnapshot, a: SnapshotApplication, gid: string | undefined) =>
  gid === undefined ? Number.POSITIVE_INFINITY : choices(s, a).indexOf(gid);

const RUNS = { numRuns: 1000 };

describe('allocation by deferred acceptance (allocation.md §3.8)', () => {
  it('agrees with an independent DA written from the specification (P6)', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        expect(Object.fromEntries(outcome(s, run(s)))).toEqual(Object.fromEntries(referenceDa(s)));
      }),
      RUNS,
    );
  });

  it('respects capacity, age and needs, and places only at ranked kindergartens (P1–P3)', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        const r = run(s);
        const byGroup = new Map<string, number>();
        for (const [, gid] of outcome(s, r)) byGroup.set(gid, (byGroup.get(gid) ?? 0) + 1);
        for (const [gid, n] of byGroup) expect(n).toBeLessThanOrEqual(capacity(s, gid));
        for (const p of r.placements) {
          const a = s.applications.find((x) => x.id === p.applicationId) as SnapshotApplication;
          expect(a.preferences).toContain(p.kindergartenId);
          expect(fits(s, a, groupsOf(s, p.kindergartenId).find((g) => g.id === p.groupId) as G)).toBe(true);
        }
        for (const o of r.offers) {
          const a = s.applications.find((x) => x.id === o.applicationId) as SnapshotApplication;
          expect(a.preferences).not.toContain(o.kindergartenId);
          expect(r.placements.some((p) => p.applicationId === a.id)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('wastes no place and leaves no justified envy (P4, P5)', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        const r = run(s);
        const got = outcome(s, r);
        const holders = new Map<string, SnapshotApplication[]>();
        for (const a of s.applications) {
          const gid = got.get(a.id);
          if (gid) holders.set(gid, [...(holders.get(gid) ?? []), a]);
        }
        for (const a of s.applications) {
          const mine = rank(s, a, got.get(a.id));
          choices(s, a).forEach((gid, i) => {
            if (i >= mine) return;
            const there = holders.get(gid) ?? [];
            expect(there.length, `${a.id} would take a free place in ${gid}`).toBe(capacity(s, gid));
            for (const b of there)
              expect(stronger(key(s, a, gid), key(s, b, gid)), `${a.id} envies ${b.id} at ${gid}`).toBe(
                false,
              );
          });
        }
      }),
      RUNS,
    );
  });

  it('gives byte-identical output whatever the order of the input arrays (P7)', () => {
    fc.assert(
      fc.property(snapshotArb, fc.integer(), (s, seed) => {
        const shuffled = <T>(xs: T[]) =>
          fc.sample(fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }), {
            seed,
            numRuns: 1,
          })[0] as T[];
        const permuted = {
          ...s,
          kindergartens: shuffled(s.kindergartens.map((k) => ({ ...k, groups: shuffled(k.groups) }))),
          applications: shuffled(s.applications),
        };
        expect(resultJson(run(permuted))).toBe(resultJson(run(s)));
      }),
      RUNS,
    );
  });

  it('writes canonical JSON (RFC 8785) without re-sorting', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        expect(resultJson(run(s))).toBe(canonicalJson(run(s)));
      }),
      { numRuns: 100 },
    );
  });

  it('makes no one worse off when a place is added or a child withdraws (P9)', () => {
    fc.assert(
      fc.property(snapshotArb, fc.nat(), (s, pick) => {
        const before = outcome(s, run(s));
        const groups = s.kindergartens.flatMap((k) => k.groups);
        const g = groups[pick % groups.length] as G;
        const more = {
          ...s,
          kindergartens: s.kindergartens.map((k) => ({
            ...k,
            groups: k.groups.map((x) => (x.id === g.id ? { ...x, free: x.free + 1 } : x)),
          })),
        };
        const afterMore = outcome(more, run(more));
        for (const a of s.applications)
          expect(rank(s, a, afterMore.get(a.id))).toBeLessThanOrEqual(rank(s, a, before.get(a.id)));
        if (s.applications.length === 0) return;
        const gone = s.applications[pick % s.applications.length] as SnapshotApplication;
        if (gone.current) return; // a transfer applicant withdrawing keeps its seat: nothing is freed
        const fewer = { ...s, applications: s.applications.filter((a) => a.id !== gone.id) };
        const afterFewer = outcome(fewer, run(fewer));
        for (const a of fewer.applications)
          expect(rank(s, a, afterFewer.get(a.id))).toBeLessThanOrEqual(rank(s, a, before.get(a.id)));
      }),
      RUNS,
    );
  });

  it('never rewards a family for misreporting its ranking (P8)', () => {
    fc.assert(
      fc.property(snapshotArb, fc.nat(), fc.array(fc.nat(9), { maxLength: 4 }), (s, pick, lie) => {
        if (s.applications.length === 0) return;
        const truthful = s.applications[pick % s.applications.length] as SnapshotApplication;
        const kgs = s.kindergartens.map((k) => k.id).filter((k) => k !== truthful.current?.kindergartenId);
        const reported = [
          ...new Set(lie.map((i) => kgs[i % Math.max(1, kgs.length)]).filter((k): k is string => !!k)),
        ];
        const liar = {
          ...s,
          applications: s.applications.map((a) =>
            a.id === truthful.id ? { ...a, preferences: reported } : a,
          ),
        };
        const honest = rank(s, truthful, outcome(s, run(s)).get(truthful.id));
        const gid = outcome(liar, run(liar)).get(truthful.id);
        // Judged by the true ranking: a seat the family did not truly rank is worth nothing to it.
        const gained =
          gid === undefined || !choices(s, truthful).includes(gid)
            ? Number.POSITIVE_INFINITY
            : rank(s, truthful, gid);
        expect(gained).toBeGreaterThanOrEqual(honest);
      }),
      RUNS,
    );
  });

  it('never leaves a transfer applicant worse than its current seat (P10)', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        const got = outcome(s, run(s));
        for (const a of s.applications.filter((x) => x.current)) expect(got.has(a.id)).toBe(true);
      }),
      RUNS,
    );
  });

  it('counts a birthday that falls on the reference date, and gives every full group its cutoff', () => {
    expect(fullYears('2023-09-01', REF)).toBe(4);
    expect(fullYears('2023-09-02', REF)).toBe(3);
    expect(fullYears('2024-02-29', '2027-02-28')).toBe(2);
    const s: AllocationSnapshot = {
      referenceDate: REF,
      kindergartens: [{ id: 'k1', groups: [{ id: 'g4', ageFrom: 4, ageTo: 5, free: 1 }] }],
      applications: [
        {
          id: '002',
          birthDate: '2023-09-01',
          registeredAt: '2026-01-01T10:00:00+03:00',
          preferences: ['k1'],
          right: null,
          siblingsAt: ['k1'],
        },
        {
          id: '001',
          birthDate: '2023-06-01',
          registeredAt: '2026-01-01T07:00:00Z',
          preferences: ['k1'],
          right: null,
          siblingsAt: [],
        },
        {
          id: '003',
          birthDate: '2023-09-02',
          registeredAt: '2025-01-01T07:00:00Z',
          preferences: ['k1'],
          right: 'out_of_turn',
          siblingsAt: [],
        },
      ],
    };
    const r = run(s);
    // 002 and 001 registered at the same instant (10:00 MSK = 07:00 UTC); the sibling right decides.
    expect(r.placements).toEqual([{ applicationId: '002', groupId: 'g4', kindergartenId: 'k1' }]);
    expect(r.cutoffs[0]?.cutoff).toEqual({
      applicationId: '002',
      priority: 'sibling',
      registeredAt: '2026-01-01T10:00:00+03:00',
    });
    expect(r.unplaced).toEqual([
      { applicationId: '001', reason: 'outranked' },
      { applicationId: '003', reason: 'no_eligible_group' },
    ]);
    expect(r.explanations.find((e) => e.applicationId === '001')?.rejected).toEqual([
      { groupIds: ['g4'], kindergartenId: 'k1', priority: 'none', reason: 'outranked' },
    ]);
  });
});
