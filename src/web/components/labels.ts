/** Russian labels for codes of the API. */
import { LEGAL_FORMS } from '../../common/organization-dictionary.ts';
import type { AuditOutcome, OrganizationKind, OrganizationStatus } from '../api/types.ts';

export const ORG_KIND_LABELS: Record<OrganizationKind, string> = {
  preschool: 'Дошкольная образовательная организация (ДОО)',
  school: 'Общеобразовательная организация (ОО)',
  additional: 'Организация дополнительного образования (ОДО)',
  vocational: 'Профессиональная образовательная организация (ПОО)',
};

export const ORG_KIND_SHORT: Record<OrganizationKind, string> = {
  preschool: 'ДОО',
  school: 'ОО',
  additional: 'ОДО',
  vocational: 'ПОО',
};

export const ORG_STATUS_LABELS: Record<OrganizationStatus, string> = {
  active: 'Действует',
  reorganizing: 'Реорганизуется',
  liquidated: 'Ликвидирована',
};

export const ORG_STATUS_COLORS: Record<OrganizationStatus, string> = {
  active: 'green',
  reorganizing: 'yellow',
  liquidated: 'gray',
};

export { LEGAL_FORMS };

export const toOptions = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export const legalFormOptions = () =>
  Object.entries(LEGAL_FORMS).map(([value, label]) => ({ value, label: `${value} — ${label}` }));

/** Field names of an organization, for the form and the change history. */
export const ORG_FIELD_LABELS: Record<string, string> = {
  kind: 'Вид организации',
  fullName: 'Полное наименование',
  shortName: 'Краткое наименование',
  legalForm: 'Организационно-правовая форма',
  inn: 'ИНН',
  kpp: 'КПП',
  ogrn: 'ОГРН',
  territoryId: 'Муниципальное образование',
  territoryName: 'Муниципальное образование',
  parentOrganizationId: 'Головная организация',
  founder: 'Учредитель',
  'founder.name': 'Учредитель: наименование',
  'founder.inn': 'Учредитель: ИНН',
  legalAddress: 'Юридический адрес',
  'legalAddress.text': 'Юридический адрес',
  'legalAddress.fiasGuid': 'Юридический адрес: код ГАР (ФИАС)',
  'legalAddress.oktmo': 'Юридический адрес: ОКТМО',
  actualAddress: 'Фактический адрес',
  'actualAddress.text': 'Фактический адрес',
  'actualAddress.fiasGuid': 'Фактический адрес: код ГАР (ФИАС)',
  'actualAddress.oktmo': 'Фактический адрес: ОКТМО',
  head: 'Руководитель',
  'head.fullName': 'Руководитель: ФИО',
  'head.position': 'Руководитель: должность',
  'head.phone': 'Руководитель: телефон',
  contacts: 'Контакты',
  'contacts.phone': 'Телефон',
  'contacts.email': 'Электронная почта',
  'contacts.website': 'Сайт',
  licence: 'Лицензия',
  'licence.number': 'Лицензия: номер',
  'licence.issuedOn': 'Лицензия: дата выдачи',
  'licence.issuer': 'Лицензия: выдавший орган',
  'licence.registryNumber': 'Лицензия: номер в реестре',
  accreditation: 'Аккредитация',
  'accreditation.number': 'Аккредитация: номер',
  'accreditation.issuedOn': 'Аккредитация: дата выдачи',
  'accreditation.validUntil': 'Аккредитация: действительна до',
  capacity: 'Вместимость (мест)',
  status: 'Статус',
  statusChangedOn: 'Дата изменения статуса',
  liquidatedOn: 'Дата ликвидации',
  successorOrganizationId: 'Правопреемник',
};

const HISTORY_ACTION_LABELS: Record<string, string> = {
  create: 'Создание',
  update: 'Изменение',
  status: 'Изменение статуса',
};

/** History actions: 'create', 'update', 'status:<new status>'. */
export function historyActionLabel(action: string): string {
  const [head, status] = action.split(':') as [string, string | undefined];
  const base = HISTORY_ACTION_LABELS[head] ?? action;
  const statusLabel = status ? ORG_STATUS_LABELS[status as OrganizationStatus] : undefined;
  return statusLabel ? `${base}: ${statusLabel}` : base;
}

export { AUDIT_ACTION_LABELS, auditActionLabel } from '../../common/audit-actions.ts';

export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Успешно',
  denied: 'Отказано',
  failure: 'Ошибка',
};

export const OUTCOME_COLORS: Record<AuditOutcome, string> = {
  success: 'green',
  denied: 'orange',
  failure: 'red',
};

export const OBJECT_TYPE_LABELS: Record<string, string> = {
  person: 'Человек',
  person_merge: 'Объединение записей',
  job: 'Фоновая задача',
  destruction_act: 'Акт об уничтожении',
  access_request: 'Запрос доступа',
  data_correction: 'Обращение гражданина',
  organization: 'Организация',
  user: 'Пользователь',
  role: 'Роль',
  apiToken: 'API-токен',
  api_token: 'API-токен',
  audit_log: 'Журнал аудита',
  session: 'Сеанс',
  territory: 'Территория',
};
