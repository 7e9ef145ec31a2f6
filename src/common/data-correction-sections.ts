/** Parts of a record a citizen may point at when reporting a mistake: the cabinet's own sections. */
export const CORRECTION_SECTIONS = [
  'personal',
  'documents',
  'addresses',
  'contacts',
  'education',
  'representatives',
  'health',
  'consents',
  'other',
] as const;
export type CorrectionSection = (typeof CORRECTION_SECTIONS)[number];

export const CORRECTION_SECTION_TITLES: Record<CorrectionSection, string> = {
  personal: 'Личные данные (ФИО, дата рождения, пол, гражданство, СНИЛС)',
  documents: 'Документы',
  addresses: 'Адреса',
  contacts: 'Контакты',
  education: 'Обучение',
  representatives: 'Родители и законные представители',
  health: 'Здоровье',
  consents: 'Согласия на обработку данных',
  other: 'Другое',
};

/** Longest description a citizen may send; the database holds the same bound. */
export const CORRECTION_TEXT_MAX = 2000;
