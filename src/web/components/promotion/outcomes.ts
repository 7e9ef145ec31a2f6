import type { Adjustment, PreviewClass, PreviewLearner } from '../../api/promotions.ts';

export type Outcome = PreviewLearner['outcome'];

export const OUTCOME_TITLES: Record<Outcome, string> = {
  normal: 'Перевести',
  conditional: 'Перевести условно',
  repeat: 'Оставить на повторное обучение',
  adapted: 'Перевести на адаптированную программу',
  individual_plan: 'Перевести на индивидуальный учебный план',
  graduation: 'Выпуск',
  exclude: 'Не переводить сейчас',
};

/** What a learner of a graduating class may get, and what the others may. */
export const outcomesFor = (c: PreviewClass): Outcome[] =>
  c.target === null
    ? ['graduation', 'repeat', 'exclude']
    : ['normal', 'conditional', 'repeat', 'adapted', 'individual_plan', 'exclude'];

/** The operator's decision about one learner, when it differs from the proposal. */
export type Decision = {
  outcome: Outcome;
  unitId?: string | undefined;
  debtSubjects?: string[] | undefined;
  debtDeadline?: string | undefined;
};

export const decisionOf = (l: PreviewLearner, decisions: Map<string, Decision>): Decision =>
  decisions.get(l.enrollmentId) ?? { outcome: l.outcome };

/** The changed decisions as the run takes them, in a fixed order (the errors name them by index). */
export function adjustmentsOf(classes: PreviewClass[], decisions: Map<string, Decision>): Adjustment[] {
  const out: Adjustment[] = [];
  for (const c of classes)
    for (const l of c.learners) {
      const d = decisions.get(l.enrollmentId);
      if (!d || (d.outcome === l.outcome && !d.unitId)) continue;
      out.push({
        enrollmentId: l.enrollmentId,
        outcome: d.outcome,
        ...(d.outcome === 'repeat' && d.unitId ? { unitId: d.unitId } : {}),
        ...(d.outcome === 'conditional'
          ? {
              debtSubjects: d.debtSubjects ?? [],
              ...(d.debtDeadline ? { debtDeadline: d.debtDeadline } : {}),
            }
          : {}),
      });
    }
  return out;
}

export type ClassCounts = Record<Outcome, number> & { total: number };

export function countsOf(c: PreviewClass, decisions: Map<string, Decision>): ClassCounts {
  const n = {
    normal: 0,
    conditional: 0,
    repeat: 0,
    adapted: 0,
    individual_plan: 0,
    graduation: 0,
    exclude: 0,
  };
  for (const l of c.learners) n[decisionOf(l, decisions).outcome] += 1;
  return { ...n, total: c.learners.length };
}
