/** Codes of person records with their Russian names; free of zod so the UI bundle can import them. */
import oksm from './dictionaries/oksm.json' with { type: 'json' };

export const SEXES = ['male', 'female'] as const;
export const SEX_TITLES: Record<(typeof SEXES)[number], string> = { male: 'Мужской', female: 'Женский' };

/** Identity documents by the ФНС code list used by ЕПГУ/СМЭВ. */
export const DOCUMENT_TYPES = ['03', '23', '21', '10', '12', '15', '19', '13', '91'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const DOCUMENT_TYPE_TITLES: Record<DocumentType, string> = {
  '03': 'Свидетельство о рождении (РФ)',
  '23': 'Свидетельство о рождении, выданное в иностранном государстве',
  '21': 'Паспорт гражданина РФ',
  '10': 'Паспорт иностранного гражданина',
  '12': 'Вид на жительство',
  '15': 'Разрешение на временное проживание',
  '19': 'Свидетельство о предоставлении временного убежища',
  '13': 'Удостоверение беженца',
  '91': 'Иной документ, подтверждающий право пребывания',
};

export const ADDRESS_KINDS = ['registration', 'stay', 'actual'] as const;
export const ADDRESS_KIND_TITLES: Record<(typeof ADDRESS_KINDS)[number], string> = {
  registration: 'Адрес регистрации по месту жительства',
  stay: 'Адрес регистрации по месту пребывания',
  actual: 'Адрес фактического проживания',
};

export const CONTACT_KINDS = ['phone', 'email'] as const;

export const RELATIONS = ['mother', 'father', 'guardian', 'trustee', 'foster_parent', 'other_legal'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_TITLES: Record<Relation, string> = {
  mother: 'Мать',
  father: 'Отец',
  guardian: 'Опекун',
  trustee: 'Попечитель',
  foster_parent: 'Приемный родитель',
  other_legal: 'Иной законный представитель',
};
/** Legal representatives other than parents act under a document that grants the authority. */
export const RELATIONS_NEEDING_AUTHORITY: readonly Relation[] = [
  'guardian',
  'trustee',
  'foster_parent',
  'other_legal',
];

/**
 * Categories of difficult life situation (ТЖС), after ст. 1 124-ФЗ «Об основных гарантиях прав
 * ребенка». The law's categories «дети-инвалиды» and «дети с ОВЗ» are health data: they live in
 * the health record, visible only with the health permission, and are not repeated here.
 */
export const HARDSHIP_CATEGORIES: Record<string, string> = {
  orphan: 'Ребенок-сирота или оставшийся без попечения родителей',
  disaster_victim: 'Жертва вооруженных и межнациональных конфликтов, катастроф, стихийных бедствий',
  refugee: 'Ребенок из семьи беженцев или вынужденных переселенцев',
  extreme_conditions: 'Ребенок в экстремальных условиях',
  violence_victim: 'Жертва насилия',
  detention: 'Отбывающий наказание или находящийся в специальном учебно-воспитательном учреждении',
  low_income: 'Ребенок из малоимущей семьи',
  behaviour: 'Ребенок с отклонениями в поведении',
  family_hardship: 'Ребенок, жизнедеятельность которого нарушена в силу сложившихся обстоятельств',
};

export const COUNTRIES: ReadonlyMap<string, string> = new Map(oksm.countries.map((c) => [c.code, c.name]));
export const RUSSIA = '643';
