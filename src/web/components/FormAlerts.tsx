import { Alert, Button, Group, List } from '@mantine/core';
import { CONFLICT_MESSAGE } from './notify.tsx';

/** «Конфликт версий»: someone saved the record meanwhile; the form offers to load their version. */
export function ConflictAlert({ onReload }: { onReload?: (() => void) | undefined }) {
  return (
    <Alert color="orange" title="Конфликт версий" data-testid="conflict-alert">
      {CONFLICT_MESSAGE}
      {onReload && (
        <Group mt="sm">
          <Button size="xs" variant="white" color="orange" onClick={onReload}>
            Загрузить актуальную версию
          </Button>
        </Group>
      )}
    </Alert>
  );
}

/** Errors above a form: a stale version, and messages that belong to no input. */
export function FormAlerts({
  generalErrors,
  conflict,
  onReload,
}: {
  generalErrors: string[];
  conflict?: boolean | undefined;
  onReload?: (() => void) | undefined;
}) {
  return (
    <>
      {conflict && <ConflictAlert onReload={onReload} />}
      {generalErrors.length > 0 && (
        <Alert color="red" title="Ошибки в данных">
          <List size="sm">
            {generalErrors.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </>
  );
}

/** Scrolls to and focuses the first field marked invalid inside `root`. */
export function revealFirstError(root: HTMLElement | null) {
  window.setTimeout(() => {
    const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el?.focus({ preventScroll: true });
  }, 50);
}
