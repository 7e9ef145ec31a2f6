import { Alert, Button, type MantineSpacing } from '@mantine/core';
import { isApiError } from '../api/http.ts';

/** Error of a failed load: the problem detail, «не найдено» for 404, and an optional retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = isApiError(error) ? error.status : 0;
  const title = status === 404 ? 'Не найдено' : status === 403 ? 'Нет доступа' : 'Ошибка загрузки';
  const message = isApiError(error) ? error.detail : error instanceof Error ? error.message : String(error);
  return (
    <Alert color={status === 404 || status === 403 ? 'gray' : 'red'} title={title}>
      {message}
      {onRetry && (
        <div>
          <Button size="xs" variant="light" mt="sm" onClick={onRetry}>
            Повторить
          </Button>
        </div>
      )}
    </Alert>
  );
}

/** A failed load of a list, above its table: the problem detail, or `fallback` when there is none. */
export function ListLoadError({
  error,
  fallback,
  mb = 'md',
}: {
  error: unknown;
  fallback: string;
  mb?: MantineSpacing;
}) {
  return (
    <Alert color="red" mb={mb}>
      {isApiError(error) ? error.detail : fallback}
    </Alert>
  );
}
