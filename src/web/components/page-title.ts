import { useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';

/** The browser tab's title of every screen, by route: a clerk with several tabs open tells them apart. */
const TITLES: Record<string, string> = {
  '/login': 'Вход',
  '/contingent': 'Контингент организации',
  '/organizations': 'Реестр организаций',
  '/organizations/new': 'Новая организация',
  '/organizations/$id': 'Карточка организации',
  '/organizations/$id/edit': 'Изменение сведений об организации',
  '/persons': 'Поиск обучающихся и представителей',
  '/persons/new': 'Новый обучающийся',
  '/persons/$id': 'Карточка человека',
  '/persons/$id/edit': 'Изменение сведений о человеке',
  '/access-requests': 'Запросы доступа',
  '/duplicates': 'Возможные дубликаты',
  '/jobs': 'Фоновые задачи',
  '/users': 'Пользователи',
  '/users/$id': 'Карточка пользователя',
  '/api-tokens': 'API-токены',
  '/audit': 'Журнал аудита',
  '/cabinet': 'Личный кабинет',
  '/data-corrections': 'Обращения граждан',
  '/overview': 'Сводка по реестру',
  '/export': 'Обезличенная выгрузка',
  '/destruction-acts': 'Акты уничтожения',
  '/promotion': 'Перевод на следующий учебный год',
  '/organizations/$id/programmes': 'Образовательные программы организации',
  '/promotions/$id': 'Итоги перевода на следующий учебный год',
  '/stat-forms': 'Статистические формы',
  '/stat-forms/$code/$edition': 'Статистическая форма',
  '/data-quality': 'Качество данных',
};

/** Sets document.title from the deepest matched route. */
export function usePageTitle() {
  const path = useRouterState({ select: (s) => s.matches.at(-1)?.fullPath ?? '' });
  useEffect(() => {
    const title = TITLES[path.replace(/\/$/, '') || '/'];
    document.title = title ? `${title} — Контингент` : 'Контингент';
  }, [path]);
}
