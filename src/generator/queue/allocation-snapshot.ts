import type { AllocationSnapshot } from '../../server/modules/queue/allocation/snapshot.ts';
import { dayNumber, isoFromDay, type Random } from '../random.ts';

export type SnapshotShape = {
  applications: number;
  kindergartens: number;
  /** Age bands 0–1 … (bands−1)–bands; seven covers ясли to the preparatory group. */
  bands: number;
  referenceDate: string;
  /** Free places over applications: below 1, some children stay in the queue, as in a real city. */
  seatRatio: number;
  kindergartensPerArea: number;
};

export const DEFAULT_SHAPE: SnapshotShape = {
  applications: 100_000,
  kindergartens: 500,
  bands: 7,
  referenceDate: '2027-09-01',
  seatRatio: 0.75,
  kindergartensPerArea: 20,
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A synthetic allocation input shaped like a large city's main run: kindergartens in areas with groups by
 * age band (a few compensating ones, some short-stay), applications concentrated on popular kindergartens
 * of the family's own area, rights at their usual shares, siblings, transfer applications holding a seat,
 * and mass registrations that share one instant (so the number must break ties).
 */
export function generateAllocationSnapshot(
  rng: Random,
  shape: SnapshotShape = DEFAULT_SHAPE,
): AllocationSnapshot {
  const areaCount = Math.max(1, Math.ceil(shape.kindergartens / shape.kindergartensPerArea));
  const areaId = (i: number) => `area-${pad(i + 1, 3)}`;
  const kgId = (i: number) => `kg-${pad(i + 1, 4)}`;
  const perGroup = Math.max(
    1,
    Math.round((shape.applications * shape.seatRatio) / (shape.kindergartens * shape.bands)),
  );
  const kindergartens: AllocationSnapshot['kindergartens'] = [];
  for (let k = 0; k < shape.kindergartens; k++) {
    const groups: AllocationSnapshot['kindergartens'][number]['groups'] = [];
    for (let band = 0; band < shape.bands; band++) {
      // Nursery places are scarce, older groups have more; every kindergarten differs a little.
      const weight = band === 0 ? 0.3 : band === 1 ? 0.8 : 1.15;
      groups.push({
        id: `${kgId(k)}-g${band}`,
        ageFrom: band,
        ageTo: band + 1,
        free: Math.max(0, Math.round(perGroup * weight * (0.6 + 0.8 * rng.next()))),
        ...(rng.chance(0.15) ? { stayMode: 'short' } : {}),
      });
    }
    if (rng.chance(0.1)) {
      groups.push({
        id: `${kgId(k)}-c`,
        ageFrom: 3,
        ageTo: Math.min(shape.bands, 7),
        free: rng.int(2, 8),
        orientation: 'compensating',
      });
    }
    kindergartens.push({ id: kgId(k), area: areaId(Math.floor(k / shape.kindergartensPerArea)), groups });
  }
  const areas = Array.from({ length: areaCount }, (_, i) => ({
    id: areaId(i),
    nearest: Array.from({ length: areaCount - 1 }, (_, j) => j + (j >= i ? 1 : 0))
      .sort((x, y) => Math.abs(x - i) - Math.abs(y - i) || x - y)
      .slice(0, 5)
      .map(areaId),
  }));
  // Popularity within an area: the first kindergartens of each area draw most first choices.
  const kgsOfArea = (a: number) => {
    const from = a * shape.kindergartensPerArea;
    return Array.from(
      { length: Math.min(shape.kindergartensPerArea, shape.kindergartens - from) },
      (_, i) => from + i,
    );
  };
  const refDay = dayNumber(shape.referenceDate);
  const massInstant = `${isoFromDay(refDay - 200)}T09:00:00.000000Z`;
  const applications: AllocationSnapshot['applications'] = [];
  for (let i = 0; i < shape.applications; i++) {
    const birthDay = refDay - rng.int(30, shape.bands * 365 - 1);
    const registeredDay = rng.int(birthDay + 7, Math.max(birthDay + 7, refDay - 30));
    const registeredAt = rng.chance(0.01)
      ? massInstant
      : `${isoFromDay(registeredDay)}T${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}.${pad(rng.int(0, 999_999), 6)}Z`;
    const area = rng.skewed(0, areaCount - 1, 1);
    const local = kgsOfArea(area);
    const wanted = rng.skewed(1, 5, 1.6);
    const prefs = new Set<number>();
    while (prefs.size < Math.min(wanted, local.length))
      prefs.add(local[rng.skewed(0, local.length - 1, 2.2)] as number);
    if (rng.chance(0.1)) prefs.add(rng.int(0, shape.kindergartens - 1)); // near work, not home
    const preferences = [...prefs].slice(0, 5).map(kgId);
    const age = Math.floor((refDay - birthDay) / 365.25);
    const app: AllocationSnapshot['applications'][number] = {
      id: `2027-${pad(i + 1, 7)}`,
      birthDate: isoFromDay(birthDay),
      registeredAt,
      preferences,
      right: rng.chance(0.03) ? 'out_of_turn' : rng.chance(0.12) ? 'first' : null,
      siblingsAt: rng.chance(0.1) ? [preferences[rng.int(0, preferences.length - 1)] as string] : [],
      area: areaId(area),
      acceptsAlternatives: rng.chance(0.7),
    };
    if (age >= 3 && rng.chance(0.02)) app.needs = { orientation: 'compensating' };
    else if (rng.chance(0.05)) app.needs = { stayMode: 'short' };
    if (age >= 1 && age < shape.bands && rng.chance(0.02)) {
      const holder = rng.int(0, shape.kindergartens - 1);
      app.current = { kindergartenId: kgId(holder), groupId: `${kgId(holder)}-g${age}` };
      app.preferences = preferences.filter((p) => p !== kgId(holder));
    }
    applications.push(app);
  }
  return { referenceDate: shape.referenceDate, kindergartens, areas, applications };
}
