/** Codes of the organization registry; free of zod so the UI bundle can import them. */
export const ORGANIZATION_KINDS = ['preschool', 'school', 'additional', 'vocational'] as const;
export const ORGANIZATION_KIND_TITLES: Record<(typeof ORGANIZATION_KINDS)[number], string> = {
  preschool: 'ДОО',
  school: 'ОО',
  additional: 'ОДО',
  vocational: 'ПОО',
};
export const ORGANIZATION_STATUSES = ['active', 'reorganizing', 'liquidated'] as const;
export const ORGANIZATION_STATUS_TITLES: Record<(typeof ORGANIZATION_STATUSES)[number], string> = {
  active: 'Действует',
  reorganizing: 'Реорганизуется',
  liquidated: 'Ликвидирована',
};

/** ОКОПФ (ОК 028-2012) codes of the legal forms education organizations have. */
export const LEGAL_FORMS: Record<string, string> = {
  '75401': 'Муниципальное автономное учреждение',
  '75403': 'Муниципальное бюджетное учреждение',
  '75404': 'Муниципальное казенное учреждение',
  '75201': 'Автономное учреждение субъекта РФ',
  '75203': 'Бюджетное учреждение субъекта РФ',
  '75204': 'Казенное учреждение субъекта РФ',
  '75101': 'Федеральное государственное автономное учреждение',
  '75103': 'Федеральное государственное бюджетное учреждение',
  '75500': 'Частное учреждение',
  '71400': 'Автономная некоммерческая организация',
};
