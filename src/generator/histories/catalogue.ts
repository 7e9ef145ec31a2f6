// Programmes each organization runs, drawn from its id so that every learner of it sees the same list.
import okso from '../../common/dictionaries/okso-spo.json' with { type: 'json' };
import { stableUuid } from '../ids.ts';
import { createRandom, type Random } from '../random.ts';
import type { OrganizationRow } from '../types.ts';

export type Level = 'preschool' | 'noo' | 'ooo' | 'soo' | 'spo' | 'additional';
export type Focus =
  | 'technical'
  | 'natural_science'
  | 'physical_sports'
  | 'arts'
  | 'tourism_local_history'
  | 'social_humanitarian';

export type ProgrammeRow = {
  id: string;
  organization_id: string;
  name: string;
  level: Level;
  focus: Focus | null;
  additional_kind: 'general_developing' | 'pre_professional' | null;
  spo_type: 'skilled_worker' | 'specialist' | null;
  okso_code: string | null;
  qualification: string | null;
  base_grade: 9 | 11 | null;
  adapted: boolean;
  distance: boolean;
  duration_months: number;
};

const ADDITIONAL: [Focus, string][] = [
  ['technical', 'Робототехника'],
  ['technical', 'Программирование на Python'],
  ['technical', 'Авиамоделирование'],
  ['technical', '3D-моделирование'],
  ['natural_science', 'Юный эколог'],
  ['natural_science', 'Занимательная химия'],
  ['natural_science', 'Астрономия'],
  ['physical_sports', 'Футбол'],
  ['physical_sports', 'Самбо'],
  ['physical_sports', 'Лыжные гонки'],
  ['physical_sports', 'Шахматы'],
  ['arts', 'Хореография'],
  ['arts', 'Хоровое пение'],
  ['arts', 'Изостудия «Палитра»'],
  ['arts', 'Театральная студия'],
  ['tourism_local_history', 'Юные краеведы Приангарья'],
  ['tourism_local_history', 'Спортивный туризм'],
  ['social_humanitarian', 'Юнармия'],
  ['social_humanitarian', 'Школа волонтёра'],
  ['social_humanitarian', 'Английский язык для детей'],
];

type Okso = { code: string; name: string; type: 'skilled_worker' | 'specialist' };
const OKSO: Okso[] = [...new Map((okso.items as Okso[]).map((i) => [i.code, i])).values()];

// The qualification a диплом names: a profession's own name for ППКРС, the usual title for a specialty.
const QUALIFICATIONS: [RegExp, string][] = [
  [/Сестринское/, 'Медицинская сестра/медицинский брат'],
  [/Лечебное/, 'Фельдшер'],
  [/Фармация/, 'Фармацевт'],
  [/Преподавание в начальных/, 'Учитель начальных классов'],
  [/Дошкольное образование/, 'Воспитатель детей дошкольного возраста'],
  [/Физическая культура/, 'Педагог по физической культуре и спорту'],
  [/бухгалтер|Экономика/i, 'Бухгалтер'],
  [/Право/, 'Юрист'],
  [/программирован/i, 'Программист'],
  [/администрирован/i, 'Сетевой и системный администратор'],
  [/Поварское|кондитерское/i, 'Специалист по поварскому и кондитерскому делу'],
];

function qualification(o: Okso): string {
  if (o.type === 'skilled_worker') return o.name.replace(/\s*\(.*\)$/, '');
  for (const [re, q] of QUALIFICATIONS) if (re.test(o.name)) return q;
  return 'Техник';
}

function programme(
  org: OrganizationRow,
  seed: string,
  key: string,
  p: Omit<ProgrammeRow, 'id' | 'organization_id'>,
) {
  return {
    id: stableUuid(seed, `programme:${org.id}:${key}`),
    organization_id: org.id,
    ...p,
  } as ProgrammeRow;
}

const BASE = {
  focus: null,
  additional_kind: null,
  spo_type: null,
  okso_code: null,
  qualification: null,
  base_grade: null,
  adapted: false,
  distance: false,
} as const;

function additionalProgrammes(rng: Random, org: OrganizationRow, seed: string, count: number) {
  return rng
    .shuffle([...ADDITIONAL])
    .slice(0, count)
    .map(([focus, name], i) =>
      programme(org, seed, `do:${i}`, {
        ...BASE,
        name: `Дополнительная общеразвивающая программа «${name}»`,
        level: 'additional',
        focus,
        additional_kind: 'general_developing',
        duration_months: rng.pick([9, 21, 33]),
      }),
    );
}

export type Catalogue = { all: ProgrammeRow[]; byLevel: Map<Level, ProgrammeRow[]> };

/** The programmes of one organization; the same seed and organization give the same list and ids. */
export function organizationProgrammes(org: OrganizationRow, seed: string): Catalogue {
  const rng = createRandom(`${seed}:programmes:${org.id}`);
  const all: ProgrammeRow[] = [];
  if (org.kind === 'preschool') {
    all.push(
      programme(org, seed, 'preschool', {
        ...BASE,
        name: 'Образовательная программа дошкольного образования',
        level: 'preschool',
        duration_months: 72,
      }),
    );
  } else if (org.kind === 'school') {
    const general: [Level, string, number][] = [
      ['noo', 'Основная образовательная программа начального общего образования', 48],
      ['ooo', 'Основная образовательная программа основного общего образования', 60],
      ['soo', 'Основная образовательная программа среднего общего образования', 24],
    ];
    for (const [level, name, months] of general)
      all.push(programme(org, seed, level, { ...BASE, name, level, duration_months: months }));
    // Most schools run a few clubs (ДО) of their own.
    if (rng.chance(0.6)) all.push(...additionalProgrammes(rng, org, seed, rng.int(1, 3)));
  } else if (org.kind === 'additional') {
    all.push(...additionalProgrammes(rng, org, seed, rng.int(4, 8)));
  } else {
    const picked = rng.shuffle([...OKSO]).slice(0, rng.int(4, 7));
    picked.forEach((o, i) => {
      // Every college admits after the 9th grade; some specialties also after the 11th.
      const bases: (9 | 11)[] = i === 0 || rng.chance(0.3) ? [9, 11] : [9];
      for (const base of bases) {
        const long = o.type === 'specialist' ? 46 : 34;
        all.push(
          programme(org, seed, `spo:${o.code}:${base}`, {
            ...BASE,
            name: `${o.code} ${o.name}`,
            level: 'spo',
            spo_type: o.type,
            okso_code: o.code,
            qualification: qualification(o),
            base_grade: base,
            duration_months: base === 9 ? long : long - 12,
          }),
        );
      }
    });
  }
  const byLevel = new Map<Level, ProgrammeRow[]>();
  for (const p of all) byLevel.set(p.level, [...(byLevel.get(p.level) ?? []), p]);
  return { all, byLevel };
}
