import { useQuery } from '@tanstack/react-query';
import type { Role } from '../../common/roles.ts';
import { sessionQuery } from '../api/auth.ts';
import type { Session } from '../api/types.ts';

export const useSession = (): Session | null => useQuery(sessionQuery).data ?? null;

export const can = (session: Session | null, permission: string) =>
  !!session && session.permissions.includes(permission);

export const hasRole = (session: Session | null, role: Role) => !!session?.roles.some((r) => r.role === role);

const isOrgUser = (s: Session) => hasRole(s, 'org_admin') || hasRole(s, 'org_operator');

export type NavItem = {
  to:
    | '/contingent'
    | '/organizations'
    | '/persons'
    | '/access-requests'
    | '/duplicates'
    | '/jobs'
    | '/users'
    | '/api-tokens'
    | '/audit'
    | '/data-corrections'
    | '/cabinet'
    | '/overview'
    | '/dashboards'
    | '/export'
    | '/destruction-acts'
    | '/orders'
    | '/arrivals'
    | '/not-arrived'
    | '/out-of-education'
    | '/promotion'
    | '/queue'
    | '/allocation'
    | '/referrals'
    | '/catchments'
    | '/forecast'
    | '/stat-forms'
    | '/data-quality'
    | '/gia-imports'
    | '/contingent-import'
    | '/intake-log';
  label: string;
  visible: (s: Session) => boolean;
};

export const NAV_ITEMS: NavItem[] = [
  { to: '/cabinet', label: 'Личный кабинет', visible: (s) => hasRole(s, 'citizen') },
  // A school or kindergarten lands on its own learners; the authorities on the registry of organizations.
  {
    to: '/contingent',
    label: 'Контингент',
    visible: (s) => hasRole(s, 'org_admin') || hasRole(s, 'org_operator'),
  },
  { to: '/orders', label: 'Приказы', visible: (s) => can(s, 'order.write') && isOrgUser(s) },
  {
    to: '/arrivals',
    label: 'Ожидаемые по переводу',
    visible: (s) => can(s, 'transfer.read') && isOrgUser(s),
  },
  { to: '/organizations', label: 'Организации', visible: (s) => can(s, 'organization.read') },
  { to: '/persons', label: 'Обучающиеся', visible: (s) => can(s, 'person.read') },
  // After the registry: the municipality lands on its organizations, this list is one of its checks.
  {
    to: '/not-arrived',
    label: 'Выбыл и не прибыл',
    visible: (s) => hasRole(s, 'municipal_specialist') || hasRole(s, 'regional_operator'),
  },
  {
    to: '/out-of-education',
    label: 'Дети вне обучения',
    visible: (s) => can(s, 'out_of_education.read'),
  },
  { to: '/queue', label: 'Очередь в детские сады', visible: (s) => can(s, 'application.read') },
  { to: '/allocation', label: 'Комплектование', visible: (s) => can(s, 'allocation.read') },
  { to: '/referrals', label: 'Направления', visible: (s) => can(s, 'referral.read') },
  { to: '/catchments', label: 'Закреплённые территории', visible: (s) => can(s, 'catchment.read') },
  { to: '/forecast', label: 'Прогноз мест в детских садах', visible: (s) => can(s, 'forecast.read') },
  {
    to: '/stat-forms',
    label: 'Статистические формы',
    visible: (s) => can(s, 'statForm.read') && !hasRole(s, 'integration_client'),
  },
  {
    to: '/data-quality',
    label: 'Качество данных',
    visible: (s) => can(s, 'dataQuality.read') && !hasRole(s, 'integration_client'),
  },
  { to: '/gia-imports', label: 'Результаты ГИА', visible: (s) => can(s, 'gia.import') },
  {
    to: '/contingent-import',
    label: 'Загрузка контингента',
    visible: (s) => can(s, 'contingent_import.run'),
  },
  {
    to: '/intake-log',
    label: 'Журнал приема данных',
    visible: (s) => can(s, 'intake.read') && !hasRole(s, 'integration_client'),
  },
  // A once-a-year task: after the daily lists, so that nobody lands on it after signing in.
  { to: '/promotion', label: 'Перевод на следующий год', visible: (s) => can(s, 'promotion.run') },
  {
    to: '/access-requests',
    label: 'Запросы доступа',
    visible: (s) => can(s, 'access_request.read') && !hasRole(s, 'citizen'),
  },
  {
    to: '/data-corrections',
    label: 'Обращения граждан',
    visible: (s) => can(s, 'data_correction.read'),
  },
  { to: '/duplicates', label: 'Дубликаты', visible: (s) => can(s, 'person.duplicateReport') },
  { to: '/jobs', label: 'Фоновые задачи', visible: (s) => can(s, 'job.read') },
  { to: '/users', label: 'Пользователи', visible: (s) => can(s, 'user.read') },
  { to: '/api-tokens', label: 'API-токены', visible: (s) => can(s, 'apiToken.manage') },
  { to: '/audit', label: 'Журнал аудита', visible: (s) => can(s, 'audit.read') },
  { to: '/overview', label: 'Сводка', visible: (s) => can(s, 'overview.read') },
  { to: '/dashboards', label: 'Показатели', visible: (s) => can(s, 'dashboard.read') },
  { to: '/export', label: 'Обезличенная выгрузка', visible: (s) => can(s, 'person.export') },
  { to: '/destruction-acts', label: 'Акты уничтожения', visible: (s) => can(s, 'person.destroy') },
];

/** Where «/» leads: the citizen's cabinet, otherwise the first section the user may open. */
export function homePath(session: Session): NavItem['to'] | null {
  if (hasRole(session, 'citizen')) return '/cabinet';
  // The analyst works with figures, not with records: the registry in numbers first.
  if (hasRole(session, 'analyst') && !can(session, 'person.read')) return '/overview';
  return NAV_ITEMS.find((item) => item.visible(session))?.to ?? null;
}
