/** Codes of health records with their Russian names; free of zod so the UI bundle can import them. */
export const HEALTH_GROUPS = [1, 2, 3, 4, 5] as const;
export const HEALTH_GROUP_TITLES: Record<number, string> = { 1: 'I', 2: 'II', 3: 'III', 4: 'IV', 5: 'V' };

/** Медицинская группа для занятий физической культурой. */
export const PE_GROUPS = ['main', 'preparatory', 'special_a', 'special_b', 'exempt'] as const;
export type PeGroup = (typeof PE_GROUPS)[number];
export const PE_GROUP_TITLES: Record<PeGroup, string> = {
  main: 'основная',
  preparatory: 'подготовительная',
  special_a: 'специальная «А»',
  special_b: 'специальная «Б»',
  exempt: 'освобожден',
};

export const DISABILITY_CATEGORIES = ['child', 'adult'] as const;
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number];
export const DISABILITY_CATEGORY_TITLES: Record<DisabilityCategory, string> = {
  child: 'ребенок-инвалид',
  adult: 'инвалид',
};
export const DISABILITY_GROUP_TITLES: Record<number, string> = {
  1: 'I группа',
  2: 'II группа',
  3: 'III группа',
};

export const LONG_TERM_TREATMENTS = ['home_schooling', 'medical_organization'] as const;
export type LongTermTreatment = (typeof LONG_TERM_TREATMENTS)[number];
export const LONG_TERM_TREATMENT_TITLES: Record<LongTermTreatment, string> = {
  home_schooling: 'Обучение на дому',
  medical_organization: 'Обучение в медицинской организации',
};
