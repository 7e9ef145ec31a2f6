import { describe, expect, it } from 'vitest';
import { collectPersons, dayNumber, generateRegion } from '../index.ts';
import { generateHistories } from './generate.ts';
import type { LearnerInput } from './learner.ts';
import { emptyBatch, type HistoryBatch } from './rows.ts';

const YEARS = new Map([2022, 2023, 2024, 2025, 2026].map((y) => [y, `year-${y}`]));

/** The person generator's learners as the loader reads them from the database, sorted by person id. */
function learners(seed: string, n: number) {
  const region = generateRegion({ learners: n, seed });
  const t = collectPersons(region, { learners: n, seed }).tables;
  const kinds = new Map(region.organizations.map((o) => [o.id, o.kind]));
  const births = new Map(t.persons.map((p) => [p.id, dayNumber(p.birth_date)]));
  const by = new Map<string, LearnerInput>();
  const sorted = [...t.enrollments].sort((a, b) =>
    a.person_id < b.person_id ? -1 : a.person_id > b.person_id ? 1 : 0,
  );
  for (const e of sorted) {
    let l = by.get(e.person_id);
    if (!l) {
      l = { personId: e.person_id, birthDay: births.get(e.person_id)!, main: null, additional: [] };
      by.set(e.person_id, l);
    }
    const current = { id: e.id, organizationId: e.organization_id, startedOn: dayNumber(e.started_on) };
    if (kinds.get(e.organization_id) === 'additional' || l.main) l.additional.push(current);
    else l.main = current;
  }
  return { region, list: [...by.values()] };
}

function all(seed: string, n: number): HistoryBatch {
  const { region, list } = learners(seed, n);
  const out = emptyBatch();
  for (const b of generateHistories(region, list, YEARS, { seed, batchSize: 300 }))
    for (const k of Object.keys(out) as (keyof HistoryBatch)[]) (out[k] as unknown[]).push(...b[k]);
  return out;
}

describe('generateHistories', () => {
  const a = all('h1', 1500);

  it('is a function of the seed', () => {
    expect(all('h1', 1500)).toEqual(a);
  });

  it('never overlaps two periods or two placements of one enrollment, nor leaves one empty', () => {
    for (const rows of [a.periods, a.placements]) {
      const by = new Map<string, { valid_from: string; valid_to: string | null }[]>();
      for (const r of rows) by.set(r.enrollment_id, [...(by.get(r.enrollment_id) ?? []), r]);
      for (const list of by.values()) {
        list.sort((x, y) => x.valid_from.localeCompare(y.valid_from));
        list.forEach((r, i) => {
          if (r.valid_to !== null) expect(r.valid_to > r.valid_from).toBe(true);
          const prev = list[i - 1];
          if (prev) expect(prev.valid_to !== null && prev.valid_to <= r.valid_from).toBe(true);
        });
      }
    }
  });

  it('ends every enrollment after it begins, and keeps its periods and placements inside it', () => {
    const rows = [...a.enrollments, ...a.legacy];
    expect(rows.length).toBeGreaterThan(1000);
    const span = new Map(rows.map((e) => [e.id, e]));
    for (const e of rows) if (e.ended_on !== null) expect(e.ended_on > e.started_on, e.id).toBe(true);
    // A placement lies inside the enrollment; a status period too, the «exited» one opening on its end.
    for (const p of [...a.periods, ...a.placements]) {
      const e = span.get(p.enrollment_id)!;
      const exited = 'status' in p && p.status === 'exited';
      expect(p.valid_from >= e.started_on, JSON.stringify([p, e])).toBe(true);
      if (e.ended_on !== null)
        expect(exited ? p.valid_from === e.ended_on : p.valid_from < e.ended_on, JSON.stringify([p, e])).toBe(
          true,
        );
    }
  });

  it('numbers orders uniquely per organization and calendar year', () => {
    const keys = a.orders.map((o) => `${o.organization_id}|${o.number}|${o.order_date.slice(0, 4)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('repeats about one learner in a hundred and promotes a few conditionally', () => {
    const promotions = a.movements.filter((m) => m.kind === 'promotion');
    const repeat = promotions.filter((m) => m.promotion_type === 'repeat').length / promotions.length;
    expect(repeat).toBeGreaterThan(0.003);
    expect(repeat).toBeLessThan(0.03);
    expect(promotions.some((m) => m.promotion_type === 'conditional' && m.debt_deadline !== null)).toBe(true);
  });
});
