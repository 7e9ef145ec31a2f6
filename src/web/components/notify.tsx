import { notifications } from '@mantine/notifications';
import { isApiError, isConflict } from '../api/http.ts';

export const CONFLICT_MESSAGE =
  'Запись изменена другим пользователем, пока вы ее редактировали. Загрузите актуальную версию и повторите изменения.';

// Mantine's close button has no name of its own; a screen reader must say what it does.
const CLOSE = { 'aria-label': 'Закрыть уведомление' };

// Error toasts still on screen: a later success or error removes them, so a fixed mistake stops being reported.
const shownErrors = new Set<string>();
let sequence = 0;

/** Shows the problem detail of a failed request; the request code only when support needs it (5xx). */
export function notifyError(error: unknown, title = 'Не удалось выполнить действие') {
  const message = isConflict(error)
    ? CONFLICT_MESSAGE
    : isApiError(error)
      ? error.detail
      : error instanceof Error
        ? error.message
        : 'Неизвестная ошибка';
  const requestId = isApiError(error) && error.status >= 500 ? error.problem.requestId : undefined;
  // Only the latest problem stays: stacked toasts would climb over a phone's «Сохранить».
  for (const shown of shownErrors) notifications.hide(shown);
  shownErrors.clear();
  const id = `error-${++sequence}`;
  shownErrors.add(id);
  notifications.show({
    id,
    color: 'red',
    title,
    message: requestId
      ? `${message} Если ошибка повторится, сообщите в поддержку код ${requestId}.`
      : message,
    autoClose: 8000,
    closeButtonProps: CLOSE,
    onClose: () => shownErrors.delete(id),
  });
}

export function notifySuccess(message: string) {
  for (const id of shownErrors) notifications.hide(id);
  shownErrors.clear();
  notifications.show({ color: 'green', message, autoClose: 4000, closeButtonProps: CLOSE });
}
