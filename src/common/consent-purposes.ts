/**
 * Purposes of personal-data processing and the legal basis of each (152-ФЗ ст. 6, 10, 10.1): the
 * record of where a consent is the basis and where a law is. Free of zod so the UI can import it.
 */

export const DATA_CATEGORY_TITLES = {
  identity: 'ФИО, дата и место рождения, пол, гражданство',
  documents: 'Документы, удостоверяющие личность, СНИЛС',
  addresses: 'Адреса регистрации и проживания',
  contacts: 'Контактные телефоны и адреса электронной почты',
  representatives: 'Сведения о родителях (законных представителях)',
  education: 'Сведения об обучении: организация, программа, движение, результаты',
  hardships: 'Трудная жизненная ситуация',
  health_group: 'Группа здоровья',
  pe_group: 'Медицинская группа для занятий физической культурой',
  disability: 'Инвалидность, ИПРА',
  special_needs: 'ОВЗ, заключение ПМПК, потребность в адаптированной программе',
  long_term_treatment: 'Длительное лечение, обучение на дому или в медицинской организации',
  achievements: 'Достижения, участие в олимпиадах и конкурсах',
  photo: 'Фотоизображение',
  statistics: 'Обезличенные сведения для статистики и аналитики',
  notifications: 'Уведомления о событиях обучения (зачисление, перевод, отчисление)',
} as const;
export type DataCategory = keyof typeof DATA_CATEGORY_TITLES;

export type LegalBasis = 'consent' | 'law';
export const LEGAL_BASIS_TITLES: Record<LegalBasis, string> = {
  consent: 'Согласие субъекта персональных данных',
  law: 'Федеральный закон (согласие не требуется)',
};

export type ConsentPurpose = {
  code: string;
  title: string;
  basis: LegalBasis;
  lawReference: string;
  dataCategories: readonly DataCategory[];
};

export const CONSENT_PURPOSES = [
  {
    code: 'contingent_registry',
    title: 'Ведение реестра контингента обучающихся',
    basis: 'law',
    lawReference: '273-ФЗ ст. 98; 152-ФЗ ст. 6 ч. 1 п. 2',
    dataCategories: [
      'identity',
      'documents',
      'addresses',
      'contacts',
      'representatives',
      'education',
      'hardships',
    ],
  },
  {
    code: 'health_data',
    title: 'Обработка сведений о состоянии здоровья (специальная категория персональных данных)',
    basis: 'consent',
    lawReference: '152-ФЗ ст. 10 ч. 2 п. 1 (согласие в письменной форме)',
    dataCategories: ['health_group', 'pe_group', 'disability', 'special_needs', 'long_term_treatment'],
  },
  {
    code: 'portfolio_publication',
    title: 'Публикация сведений о достижениях обучающегося',
    basis: 'consent',
    lawReference: '152-ФЗ ст. 10.1 (персональные данные, разрешенные для распространения)',
    dataCategories: ['identity', 'education', 'achievements', 'photo'],
  },
  {
    code: 'analytics',
    title: 'Статистическая и аналитическая обработка обезличенных данных',
    basis: 'law',
    lawReference: '152-ФЗ ст. 6 ч. 1 п. 9 (при условии обязательного обезличивания)',
    dataCategories: ['statistics'],
  },
  {
    code: 'esia_notifications',
    title: 'Уведомления о событиях обучения через Госуслуги (ЕПГУ)',
    basis: 'consent',
    lawReference: '152-ФЗ ст. 6 ч. 1 п. 1; ст. 9',
    dataCategories: ['identity', 'contacts', 'notifications'],
  },
] as const satisfies readonly ConsentPurpose[];

export type ConsentPurposeCode = (typeof CONSENT_PURPOSES)[number]['code'];
export const CONSENT_PURPOSE_CODES = CONSENT_PURPOSES.map((p) => p.code) as [
  ConsentPurposeCode,
  ...ConsentPurposeCode[],
];

export const consentPurpose = (code: string): ConsentPurpose | undefined =>
  CONSENT_PURPOSES.find((p) => p.code === code);

/** Purposes for which a consent can be recorded; the others rest on a law and need none. */
export const CONSENT_BASED_PURPOSES = CONSENT_PURPOSES.filter((p) => p.basis === 'consent').map(
  (p) => p.code,
);

/** Age from which no legal representative is needed to give consent (full civil capacity). */
export const CONSENT_AGE_OF_MAJORITY = 18;

/** Full years between two 'YYYY-MM-DD' dates: the birthday counts from its own day. */
export function fullYears(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A minor's consent is given by the legal representative (the learner may co-sign from 14). */
export const needsRepresentative = (birthDate: string, givenOn: string) =>
  fullYears(birthDate, givenOn) < CONSENT_AGE_OF_MAJORITY;
