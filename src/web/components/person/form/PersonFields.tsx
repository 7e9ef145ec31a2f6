import { Alert, Button, Group, List } from '@mantine/core';
import { CONFLICT_MESSAGE } from '../../notify.tsx';
import { CoreSection } from './CoreSection.tsx';
import { DocumentsSection } from './DocumentsSection.tsx';
import { AddressesSection, ContactsSection, HardshipsSection } from './ListSections.tsx';
import type { PersonForm } from './usePersonForm.ts';

/** All sections of a person record. */
export function PersonFields({ form, learner = true }: { form: PersonForm; learner?: boolean }) {
  return (
    <>
      <CoreSection form={form} />
      <DocumentsSection form={form} />
      <AddressesSection form={form} />
      <ContactsSection form={form} />
      {learner && <HardshipsSection form={form} />}
    </>
  );
}

/** Errors above the form: a stale version, messages that belong to no input. */
export function FormAlerts({
  form,
  conflict,
  onReload,
}: {
  form: PersonForm;
  conflict?: boolean;
  onReload?: () => void;
}) {
  return (
    <>
      {conflict && (
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
      )}
      {form.generalErrors.length > 0 && (
        <Alert color="red" title="Ошибки в данных">
          <List size="sm">
            {form.generalErrors.map((m) => (
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
