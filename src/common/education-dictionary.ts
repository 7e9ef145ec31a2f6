import okso from './dictionaries/okso-spo.json' with { type: 'json' };

/** Programme levels, unit kinds and unit attributes of issue 10, with the titles the screens show. */
export const PROGRAMME_LEVELS = ['preschool', 'noo', 'ooo', 'soo', 'spo', 'additional'] as const;
export type ProgrammeLevel = (typeof PROGRAMME_LEVELS)[number];
export const PROGRAMME_LEVEL_TITLES: Record<ProgrammeLevel, string> = {
  preschool: 'Дошкольное образование',
  noo: 'Начальное общее (НОО)',
  ooo: 'Основное общее (ООО)',
  soo: 'Среднее общее (СОО)',
  spo: 'Среднее профессиональное (СПО)',
  additional: 'Дополнительное образование',
};

export const PROGRAMME_FOCUSES = [
  'technical',
  'natural_science',
  'physical_sports',
  'arts',
  'tourism_local_history',
  'social_humanitarian',
] as const;
export const PROGRAMME_FOCUS_TITLES: Record<(typeof PROGRAMME_FOCUSES)[number], string> = {
  technical: 'Техническая',
  natural_science: 'Естественнонаучная',
  physical_sports: 'Физкультурно-спортивная',
  arts: 'Художественная',
  tourism_local_history: 'Туристско-краеведческая',
  social_humanitarian: 'Социально-гуманитарная',
};

export const ADDITIONAL_KINDS = ['general_developing', 'pre_professional'] as const;
export const ADDITIONAL_KIND_TITLES: Record<(typeof ADDITIONAL_KINDS)[number], string> = {
  general_developing: 'Общеразвивающая',
  pre_professional: 'Предпрофессиональная',
};

export const SPO_TYPES = ['skilled_worker', 'specialist'] as const;
export const SPO_TYPE_TITLES: Record<(typeof SPO_TYPES)[number], string> = {
  skilled_worker: 'ППКРС (квалифицированные рабочие, служащие)',
  specialist: 'ППССЗ (специалисты среднего звена)',
};
/** The middle pair of an ОКСО code tells the СПО type: 01 — ППКРС, 02 — ППССЗ. */
export const SPO_TYPE_OKSO_LEVEL: Record<(typeof SPO_TYPES)[number], string> = {
  skilled_worker: '01',
  specialist: '02',
};

export const UNIT_KINDS = ['group', 'class', 'association', 'study_group'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_TITLES: Record<UnitKind, string> = {
  group: 'Группа',
  class: 'Класс',
  association: 'Объединение',
  study_group: 'Учебная группа',
};

export const CLASS_TYPES = [
  'general',
  'advanced',
  'profile',
  'gymnasium',
  'lyceum',
  'intellectual_disability',
] as const;
export const CLASS_TYPE_TITLES: Record<(typeof CLASS_TYPES)[number], string> = {
  general: 'Общеобразовательный',
  advanced: 'С углубленным изучением предметов',
  profile: 'Профильный',
  gymnasium: 'Гимназический',
  lyceum: 'Лицейский',
  intellectual_disability: 'Для обучающихся с интеллектуальными нарушениями',
};

export const GROUP_FOCUSES = ['general', 'compensating', 'combined', 'health', 'care'] as const;
export const GROUP_FOCUS_TITLES: Record<(typeof GROUP_FOCUSES)[number], string> = {
  general: 'Общеразвивающая',
  compensating: 'Компенсирующая',
  combined: 'Комбинированная',
  health: 'Оздоровительная',
  care: 'Присмотр и уход',
};

export const STAY_MODES = ['short', 'full', 'extended', 'round_the_clock'] as const;
export const STAY_MODE_TITLES: Record<(typeof STAY_MODES)[number], string> = {
  short: 'Кратковременное пребывание',
  full: 'Полный день',
  extended: 'Продленный день',
  round_the_clock: 'Круглосуточное пребывание',
};

export const IMPAIRMENT_TYPES = [
  'hearing',
  'vision',
  'speech',
  'musculoskeletal',
  'intellectual',
  'autism',
  'mental_delay',
  'complex',
  'other',
] as const;
export const IMPAIRMENT_TYPE_TITLES: Record<(typeof IMPAIRMENT_TYPES)[number], string> = {
  hearing: 'Нарушения слуха',
  vision: 'Нарушения зрения',
  speech: 'Тяжелые нарушения речи',
  musculoskeletal: 'Нарушения опорно-двигательного аппарата',
  intellectual: 'Интеллектуальные нарушения',
  autism: 'Расстройства аутистического спектра',
  mental_delay: 'Задержка психического развития',
  complex: 'Сложные дефекты',
  other: 'Иные нарушения',
};

export const STUDY_FORMS = ['full_time', 'part_time', 'extramural'] as const;
export const STUDY_FORM_TITLES: Record<(typeof STUDY_FORMS)[number], string> = {
  full_time: 'Очная',
  part_time: 'Очно-заочная',
  extramural: 'Заочная',
};

export const FUNDING_SOURCES = ['budget', 'contract', 'certificate'] as const;
export const FUNDING_TITLES: Record<(typeof FUNDING_SOURCES)[number], string> = {
  budget: 'Бюджет',
  contract: 'Договор (платно)',
  certificate: 'Сертификат ПФДО',
};

/** Which unit kinds each organization kind runs: a school may also run ДО associations. */
export const UNIT_KINDS_BY_ORGANIZATION: Record<string, readonly UnitKind[]> = {
  preschool: ['group'],
  school: ['class', 'association'],
  additional: ['association'],
  vocational: ['study_group', 'association'],
};

/** Which programme levels each organization kind may run. */
export const PROGRAMME_LEVELS_BY_ORGANIZATION: Record<string, readonly ProgrammeLevel[]> = {
  preschool: ['preschool', 'additional'],
  school: ['preschool', 'noo', 'ooo', 'soo', 'additional'],
  additional: ['additional'],
  vocational: ['spo', 'additional'],
};

/** The ОКСО перечень of СПО professions and specialties known to the registry. */
export const OKSO_SPO: ReadonlyMap<string, string> = new Map(okso.items.map((i) => [i.code, i.name]));

/** The level a school grade belongs to: 1–4 НОО, 5–9 ООО, 10–11 СОО. */
export const gradeLevel = (grade: number): 'noo' | 'ooo' | 'soo' =>
  grade <= 4 ? 'noo' : grade <= 9 ? 'ooo' : 'soo';
