import { notifications } from '@mantine/notifications';
import { isApiError, isConflict } from '../api/http.ts';

export const CONFLICT_MESSAGE =
  'Запись изменена другим пользователем, пока вы ее редактировали. Загрузите актуальную версию и повторите изменения.';

/** Shows the problem detail of a failed request. */
export function notifyError(error: unknown, title = 'Не удалось выполнить действие') {
  const message = isConflict(error)
    ? CONFLICT_MESSAGE
    : isApiError(error)
      ? error.detail
      : error instanceof Error
        ? error.message
        : 'Неизвестная ошибка';
  const requestId = isApiError(error) ? error.problem.requestId : undefined;
  notifications.show({
    color: 'red',
    title,
    message: requestId ? `${message} (код запроса ${requestId})` : message,
    autoClose: 8000,
  });
}

export function notifySuccess(message: string) {
  notifications.show({ color: 'green', message, autoClose: 4000 });
}
