// Special-category data of learners (health group, disability, ПМПК conclusions), the consent that allows
// keeping it, and difficult life situations (ТЖС).
import { CONSENT_AGE_OF_MAJORITY, CONSENT_PURPOSES } from '../common/consent-purposes.ts';
import { anniversary, dayBetween, fullYears, yearOf } from './dates.ts';
import type { LearnerKind } from './families.ts';
import type { HealthRow, PersonTables } from './person-types.ts';
import { isoFromDay, type Random, WeightedPicker } from './random.ts';

// The consent covers every category a health record can hold, so no generated value lacks a consent.
const HEALTH_CATEGORIES = CONSENT_PURPOSES.find((p) => p.code === 'health_data')?.dataCategories ?? [];
export const HEALTH_SCOPE = `{${HEALTH_CATEGORIES.join(',')}}`;

const HEALTH_SHARE = 0.25;
const DISABILITY_SHARE = 0.02;
const SPECIAL_NEEDS_SHARE = 0.05;

const GROUPS = new WeightedPicker([1, 2, 3, 4, 5], [25, 55, 17, 2, 1]);

const PROGRAMS: Record<LearnerKind, readonly string[]> = {
  preschool: [
    'АОП ДО для обучающихся с тяжелыми нарушениями речи',
    'АОП ДО для обучающихся с задержкой психического развития',
    'АОП ДО для обучающихся с расстройствами аутистического спектра',
  ],
  school: [
    'ФАОП НОО для обучающихся с ЗПР (вариант 7.1)',
    'ФАОП НОО для обучающихся с ЗПР (вариант 7.2)',
    'ФАОП НОО для обучающихся с ТНР (вариант 5.1)',
    'ФАОП ООО для обучающихся с ЗПР',
    'ФАООП для обучающихся с умственной отсталостью (вариант 1)',
    'ФАОП НОО для слабовидящих обучающихся (вариант 4.1)',
    'ФАОП НОО для обучающихся с РАС (вариант 8.2)',
  ],
  vocational: ['Адаптированная образовательная программа среднего профессионального образования'],
};

export type HealthSubject = {
  id: string;
  birthDay: number;
  kind: LearnerKind;
  /** Start of the learner's enrollment: the consent is collected on admission or later. */
  startedOn: number;
  /** The representative who signs for a minor, and the day from which they represent the learner. */
  representativeId: string | null;
  representsFrom: number | null;
};

export type HealthFlags = { disabled: boolean; specialNeeds: boolean };

function peGroup(rng: Random, group: number): HealthRow['pe_group'] {
  if (group === 1) return 'main';
  if (group === 2) return rng.chance(0.7) ? 'main' : 'preparatory';
  if (group === 3) return rng.chance(0.5) ? 'preparatory' : 'special_a';
  if (group === 4) return rng.chance(0.6) ? 'special_a' : 'special_b';
  return rng.chance(0.5) ? 'special_b' : 'exempt';
}

/**
 * A quarter of learners have a health record, every disabled learner and every learner with a ПМПК conclusion
 * among them; each record comes with a health-data consent (signed by a parent for a minor).
 */
export function addHealth(
  rng: Random,
  s: HealthSubject,
  asOfDay: number,
  out: PersonTables,
  newId: () => string,
  force = false,
): HealthFlags {
  const disabled = rng.chance(DISABILITY_SHARE);
  const specialNeeds = rng.chance(SPECIAL_NEEDS_SHARE) || (disabled && rng.chance(0.4));
  if (!(force || disabled || specialNeeds || rng.chance(HEALTH_SHARE))) {
    return { disabled: false, specialNeeds: false };
  }
  const group = disabled ? rng.pick([3, 4, 4, 5, 5]) : specialNeeds ? rng.pick([2, 3, 3]) : GROUPS.pick(rng);
  out.person_health.push({
    person_id: s.id,
    health_group: group,
    pe_group: peGroup(rng, group),
    needs_adapted_program: specialNeeds,
    long_term_treatment: group === 5 && s.kind === 'school' && rng.chance(0.3) ? 'home_schooling' : null,
  });
  const adult = fullYears(s.birthDay, asOfDay) >= CONSENT_AGE_OF_MAJORITY;
  if (disabled) {
    const from = dayBetween(rng, s.birthDay + 180, asOfDay - 30);
    const until = adult
      ? rng.chance(0.5)
        ? null
        : anniversary(from, rng.int(1, 2))
      : anniversary(s.birthDay, 18);
    out.person_disabilities.push({
      id: newId(),
      person_id: s.id,
      category: adult ? 'adult' : 'child',
      disability_group: adult ? rng.int(1, 3) : null,
      valid_from: isoFromDay(from),
      valid_until: until === null ? null : isoFromDay(Math.max(until, from)),
      cause: adult ? 'Инвалидность с детства' : 'Ребенок-инвалид',
      ipra_number: `${rng.int(100, 2999)}.38.38/${yearOf(from)}`,
      ipra_date: isoFromDay(Math.min(from + rng.int(0, 30), asOfDay)),
    });
  }
  if (specialNeeds) {
    const date = dayBetween(rng, Math.max(s.birthDay + 365, asOfDay - 4 * 365), asOfDay - 7);
    out.person_special_needs.push({
      id: newId(),
      person_id: s.id,
      pmpk_date: isoFromDay(date),
      pmpk_number: `${rng.int(1, 2400)}/${yearOf(date)}`,
      recommended_program: rng.pick(PROGRAMS[s.kind]),
      valid_until: rng.chance(0.5) ? null : isoFromDay(anniversary(date, rng.int(1, 4))),
    });
  }
  const givenOn = dayBetween(rng, Math.max(s.startedOn, s.representsFrom ?? 0), asOfDay);
  // A minor's consent is signed by the representative; a learner of age on that day signs alone.
  const signedBy = fullYears(s.birthDay, givenOn) >= CONSENT_AGE_OF_MAJORITY ? null : s.representativeId;
  out.consents.push({
    id: newId(),
    subject_id: s.id,
    representative_id: signedBy,
    purpose: 'health_data',
    scope: HEALTH_SCOPE,
    given_on: isoFromDay(givenOn),
    document:
      signedBy === null
        ? 'Согласие обучающегося на обработку сведений о состоянии здоровья'
        : 'Согласие законного представителя на обработку сведений о состоянии здоровья',
  });
  return { disabled, specialNeeds };
}

const BASELINE_HARDSHIPS = new WeightedPicker(
  ['low_income', 'family_hardship', 'behaviour', 'extreme_conditions', 'violence_victim', 'disaster_victim'],
  [50, 25, 12, 6, 4, 3],
);

export type HardshipContext = {
  /** When a guardian took the child in: orphans are the guardian families' children. */
  guardianSince: number | null;
  foreign: boolean;
};

/**
 * About 3% of learners in a baseline ТЖС, plus orphans in guardian families and some refugees among foreign
 * families. Disability and ОВЗ are health data and stay in the health record.
 */
export function addHardships(
  rng: Random,
  s: HealthSubject,
  c: HardshipContext,
  asOfDay: number,
  out: PersonTables,
  newId: () => string,
) {
  const add = (category: string, from: number) => {
    const start = Math.min(Math.max(from, s.birthDay + 1), asOfDay);
    const ended = rng.chance(0.15) ? dayBetween(rng, start, asOfDay) : null;
    out.person_hardships.push({
      id: newId(),
      person_id: s.id,
      category,
      started_on: isoFromDay(start),
      ended_on: ended === null ? null : isoFromDay(ended),
    });
  };
  if (c.guardianSince !== null && rng.chance(0.8)) add('orphan', c.guardianSince);
  if (c.foreign && rng.chance(0.08)) add('refugee', dayBetween(rng, s.birthDay, asOfDay));
  if (rng.chance(0.03)) add(BASELINE_HARDSHIPS.pick(rng), dayBetween(rng, s.birthDay + 365, asOfDay));
}
