import { describe, expect, it } from 'vitest';
import {
  type AttendanceRow,
  learnerMarks,
  learnerYear,
  plantCases,
  schoolDays,
  type YearLearner,
  type YearShape,
} from './attendance-year.ts';

const SHAPE: YearShape = {
  start: '2025-09-01',
  until: '2026-05-29',
  thresholds: { consecutiveDays: 5, monthShare: 0.3, preschoolDays: 10 },
  stopShare: 0.02,
  truantMonthShare: 0.02,
};

const learners: YearLearner[] = Array.from({ length: 3000 }, (_, i) => ({
  personId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  organizationId: i % 3 === 0 ? 'kg' : 'school',
  kind: i % 3 === 0 ? 'preschool' : 'school',
  grade: 1 + (i % 11),
}));

const longestUnexcusedRun = (rows: AttendanceRow[]) => {
  let best = 0;
  let run = 0;
  for (const r of rows) {
    run = r.reason === 'unexcused' ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
};

const worstMonthShare = (rows: AttendanceRow[]) => {
  const by = new Map<string, [number, number]>();
  for (const r of rows) {
    const m = r.date.slice(0, 7);
    const [u, n] = by.get(m) ?? [0, 0];
    by.set(m, [u + (r.reason === 'unexcused' ? 1 : 0), n + 1]);
  }
  return Math.max(...[...by.values()].map(([u, n]) => u / n));
};

describe('a generated school year of attendance', () => {
  const planted = plantCases('year-1', learners, SHAPE);
  const byPerson = new Map(planted.map((p) => [p.personId, p]));

  it('is the same for the same seed, whatever order the learners come in', () => {
    expect(plantCases('year-1', [...learners].reverse(), SHAPE)).toEqual(
      expect.arrayContaining(planted.map((p) => expect.objectContaining(p))),
    );
    const l = learners[7]!;
    expect(learnerYear('year-1', l, SHAPE, byPerson.get(l.personId))).toEqual(
      learnerYear('year-1', l, SHAPE, byPerson.get(l.personId)),
    );
    expect(plantCases('year-2', learners, SHAPE)).not.toEqual(planted);
  });

  it('school days skip weekends and the school holidays; a kindergarten works through the holidays', () => {
    const school = schoolDays(SHAPE, 'school');
    const kg = schoolDays(SHAPE, 'preschool');
    expect(school.length).toBeGreaterThan(150);
    expect(school.length).toBeLessThan(175);
    expect(kg.length).toBeGreaterThan(school.length);
  });

  it('plants stops and skipped months, and every planted learner crosses its threshold', () => {
    expect(planted.filter((p) => p.rule === 'consecutive').length).toBeGreaterThan(30);
    expect(planted.filter((p) => p.rule === 'month').length).toBeGreaterThan(15);
    for (const p of planted) {
      const l = learners.find((x) => x.personId === p.personId)!;
      const rows = learnerYear('year-1', l, SHAPE, p);
      if (p.rule === 'consecutive') {
        const need = l.kind === 'school' ? SHAPE.thresholds.consecutiveDays : SHAPE.thresholds.preschoolDays;
        const after = rows.filter((r) => r.date >= p.from);
        expect(after.length).toBeGreaterThanOrEqual(need);
        expect(after.every((r) => r.reason === 'unexcused')).toBe(true);
      } else {
        const month = rows.filter((r) => r.date.startsWith(p.from.slice(0, 7)));
        expect(month.filter((r) => r.reason === 'unexcused').length / month.length).toBeGreaterThan(
          SHAPE.thresholds.monthShare,
        );
        expect(longestUnexcusedRun(rows)).toBeLessThan(SHAPE.thresholds.consecutiveDays);
      }
    }
  });

  it('a learner who attends normally never reaches a threshold, yet is absent now and then for every reason', () => {
    const reasons = new Set<string | null>();
    let absent = 0;
    let total = 0;
    for (const l of learners) {
      if (byPerson.has(l.personId)) continue;
      const rows = learnerYear('year-1', l, SHAPE, undefined);
      const limit = l.kind === 'school' ? SHAPE.thresholds.consecutiveDays : SHAPE.thresholds.preschoolDays;
      expect(longestUnexcusedRun(rows)).toBeLessThan(limit);
      expect(worstMonthShare(rows)).toBeLessThanOrEqual(SHAPE.thresholds.monthShare);
      for (const r of rows) reasons.add(r.reason);
      absent += rows.filter((r) => r.status === 'absent').length;
      total += rows.length;
    }
    expect([...reasons].sort()).toEqual(['illness', 'unexcused', 'valid', null].sort());
    // Around one day in twelve missed, as schools report.
    expect(absent / total).toBeGreaterThan(0.04);
    expect(absent / total).toBeLessThan(0.15);
  });

  it('gives quarter marks from the second grade, for the quarters that are over', () => {
    const second = learners.find((l) => l.kind === 'school' && l.grade === 2)!;
    const first = learners.find((l) => l.kind === 'school' && l.grade === 1)!;
    expect(learnerMarks('year-1', first, SHAPE)).toEqual([]);
    const marks = learnerMarks('year-1', second, { ...SHAPE, until: '2025-12-30' });
    expect(new Set(marks.map((m) => m.periodNumber))).toEqual(new Set([1, 2]));
    expect(marks.every((m) => ['2', '3', '4', '5'].includes(m.grade))).toBe(true);
  });
});
