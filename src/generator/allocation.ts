import type { OrganizationKind } from './types.ts';

/**
 * How the learners of the synthetic region split by level. Additional education is attended on top of school
 * or kindergarten, so it has no share of its own; the person generator should use the same split.
 */
export const LEARNER_SHARES = { preschool: 0.22, school: 0.68, vocational: 0.1 } as const;

// Learners per organization: one ДОО per ~150 preschool children, one school per ~500 pupils; one ОДО per
// ~2000 and one college per ~8000 learners of all levels.
const LEARNERS_PER_ORGANIZATION: Record<OrganizationKind, { per: number; share: number }> = {
  preschool: { per: 150, share: LEARNER_SHARES.preschool },
  school: { per: 500, share: LEARNER_SHARES.school },
  additional: { per: 2000, share: 1 },
  vocational: { per: 8000, share: 1 },
};

// A small region still gets every kind, so screens, reports and tests see the whole picture.
const MINIMUM: Record<OrganizationKind, number> = { preschool: 4, school: 5, additional: 2, vocational: 2 };

/** Number of head organizations of a kind for a region of `learners` learners. */
export function organizationCount(kind: OrganizationKind, learners: number): number {
  const { per, share } = LEARNERS_PER_ORGANIZATION[kind];
  return Math.max(MINIMUM[kind], Math.round((learners * share) / per));
}

/**
 * Splits `total` over weights by the largest-remainder method (deterministic: ties go to the earlier index).
 * When the total is large enough every weight first gets one, so each municipality has each kind; otherwise
 * the few organizations go to the heaviest weights.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const floor = total >= 2 * n ? 1 : 0;
  const result = new Array<number>(n).fill(floor);
  const rest = total - floor * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const remainders: { index: number; remainder: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const quota = (rest * (weights[i] as number)) / sum;
    const whole = Math.floor(quota);
    result[i] = (result[i] as number) + whole;
    given += whole;
    remainders.push({ index: i, remainder: quota - whole });
  }
  remainders.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let k = 0; k < rest - given; k++) {
    const r = remainders[k] as { index: number };
    result[r.index] = (result[r.index] as number) + 1;
  }
  return result;
}
