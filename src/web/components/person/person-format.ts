/** How persons read on screen: ФИО, СНИЛС, documents, codes in words. */
import {
  ADDRESS_KIND_TITLES,
  COUNTRIES,
  DOCUMENT_TYPE_TITLES,
  type DocumentType,
  HARDSHIP_CATEGORIES,
  RELATION_TITLES,
  type Relation,
  SEX_TITLES,
} from '../../../common/person-dictionary.ts';
import type { Citizenship, PersonDocument } from '../../api/person-types.ts';
import { phoneText } from '../format.ts';

export { phoneText };

type Named = { lastName: string; firstName: string; middleName?: string | null };

export const fullName = (p: Named) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

/** 11 digits → XXX-XXX-XXX YY; anything else as stored. */
export function snilsText(value: string | null | undefined): string {
  if (!value) return '—';
  const d = value.replace(/\D/g, '');
  return d.length === 11 ? `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 9)} ${d.slice(9)}` : value;
}

export const sexTitle = (s: string) => SEX_TITLES[s as keyof typeof SEX_TITLES] ?? s;
export const documentTypeTitle = (t: string) => DOCUMENT_TYPE_TITLES[t as DocumentType] ?? t;
export const addressKindTitle = (k: string) =>
  ADDRESS_KIND_TITLES[k as keyof typeof ADDRESS_KIND_TITLES] ?? k;
export const relationTitle = (r: string) => RELATION_TITLES[r as Relation] ?? r;
export const hardshipTitle = (c: string) => HARDSHIP_CATEGORIES[c] ?? c;
/** ОКСМ short names are upper case («РОССИЯ»); on screen they read as ordinary names. */
export function countryName(code: string): string {
  const name = COUNTRIES.get(code);
  if (!name) return code;
  return name === name.toUpperCase() ? name[0] + name.slice(1).toLowerCase() : name;
}
export const contactText = (c: { kind: string; value: string }) =>
  c.kind === 'phone' ? phoneText(c.value) : c.value;

export const CONTACT_KIND_TITLES: Record<string, string> = { phone: 'Телефон', email: 'Электронная почта' };

/** A word in the person's grammatical gender: «Зачислен» for a boy, «Зачислена» for a girl. */
export const bySex = (sex: string | null | undefined, male: string, female: string) =>
  sex === 'female' ? female : male;

/** «Обучающийся» / «Обучающаяся»; «Законный представитель» is the same for both. */
export const personRoleTitle = (role: string, sex: string | null | undefined) =>
  role === 'learner'
    ? bySex(sex, 'Обучающийся', 'Обучающаяся')
    : role === 'representative'
      ? 'Законный представитель'
      : role;

/** Where an enrollment stands: «Обучается», or «Выбыл» / «Выбыла». */
export const enrollmentStateText = (e: { endedOn?: string | null }, sex: string | null | undefined) =>
  e.endedOn ? bySex(sex, 'Выбыл', 'Выбыла') : 'Обучается';

export function citizenshipText(c: Citizenship | null | undefined): string {
  if (!c) return '—';
  if (c.stateless) return 'Лицо без гражданства';
  return c.codes.map(countryName).join(', ') || '—';
}

/** «IV-АБ № 123456» */
export const documentNumberText = (d: Pick<PersonDocument, 'series' | 'number'>) =>
  [d.series, d.number && `№ ${d.number}`].filter(Boolean).join(' ');

export function ageText(age: number): string {
  const n = Math.abs(age) % 100;
  const last = n % 10;
  const word = n > 10 && n < 20 ? 'лет' : last === 1 ? 'год' : last >= 2 && last <= 4 ? 'года' : 'лет';
  return `${age} ${word}`;
}

export const countryOptions = () =>
  [...COUNTRIES.entries()]
    .map(([value]) => ({ value, label: `${countryName(value)} (${value})` }))
    .sort((a, b) => (a.value === '643' ? -1 : b.value === '643' ? 1 : a.label.localeCompare(b.label, 'ru')));

/** Field names of a person, for the form's general errors and the change history. */
export const PERSON_FIELD_LABELS: Record<string, string> = {
  lastName: 'Фамилия',
  firstName: 'Имя',
  middleName: 'Отчество',
  birthDate: 'Дата рождения',
  birthPlace: 'Место рождения',
  sex: 'Пол',
  citizenship: 'Гражданство',
  snils: 'СНИЛС',
  documents: 'Документы',
  addresses: 'Адреса',
  contacts: 'Контакты',
  hardships: 'Трудная жизненная ситуация',
  status: 'Статус записи',
  mergedIntoId: 'Объединена с записью',
  merge: 'Объединение записей',
  mergeUndone: 'Объединение записей',
  enrollment: 'Организация',
  'enrollment.organizationId': 'Организация',
  'enrollment.startedOn': 'Дата зачисления',
  duplicateResolution: 'Похожие записи',
  relation: 'Степень родства',
  representativeId: 'Представитель',
  authorityDocument: 'Документ о полномочиях',
};
