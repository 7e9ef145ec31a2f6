import { Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { isConflict } from '../../api/http.ts';
import { FormAlerts, revealFirstError as revealFirstErrorIn } from '../FormAlerts.tsx';
import { ORG_FIELD_LABELS } from '../labels.ts';
import { notifyError } from '../notify.tsx';
import type { OrgOption } from '../OrganizationPicker.tsx';
import { SCHEMA_REFUSAL } from '../schema-errors.ts';
import { useFormState } from '../useFormState.ts';
import { AddressSection, HeadSection, LicenceSection, MainSection, RequisitesSection } from './sections.tsx';
import { identifierHint, type OrgField, type OrgFormValues, requiredErrors } from './values.ts';

type Props = {
  mode: 'create' | 'edit';
  initial: OrgFormValues;
  parentOption?: OrgOption | null;
  excludeId?: string;
  /** The request body checked by the server's own zod schema; errors by API path. */
  validate: (values: OrgFormValues) => Record<string, string>;
  /** Sends the form; throws the ApiError of a failed request. */
  save: (values: OrgFormValues) => Promise<void>;
  onCancel: () => void;
  /** Reloads the record after a version conflict (edit mode). */
  onReload?: () => void;
};

export function OrganizationForm({
  mode,
  initial,
  parentOption,
  excludeId,
  validate,
  save,
  onCancel,
  onReload,
}: Props) {
  const form = useFormState<OrgFormValues>(initial, { validate });
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const topRef = useRef<HTMLDivElement>(null);
  const hasAlert = conflict || form.generalErrors.length > 0;

  // Errors that belong to no single field are shown above the form: bring them into view.
  useEffect(() => {
    if (hasAlert) topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [hasAlert]);

  const idInput = (field: OrgField) => ({
    ...form.text(field),
    onBlur: () => setTouched((prev) => new Set(prev).add(field)),
    error: form.errors[field] ?? identifierHint(field, form.values[field], touched.has(field)),
  });

  const revealFirstError = () => revealFirstErrorIn(topRef.current);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = requiredErrors(form.values);
    if (Object.keys(missing).length > 0) {
      form.setErrors(missing);
      notifications.show({ color: 'orange', message: 'Заполните обязательные поля' });
      revealFirstError();
      return;
    }
    if (!form.check(ORG_FIELD_LABELS)) {
      notifyError(SCHEMA_REFUSAL, 'Не удалось сохранить организацию');
      revealFirstError();
      return;
    }
    setSaving(true);
    setConflict(false);
    try {
      await save(form.values);
    } catch (err) {
      notifyError(err, 'Не удалось сохранить организацию');
      if (isConflict(err)) {
        setConflict(true);
        return;
      }
      form.applyServerError(err, ORG_FIELD_LABELS);
      revealFirstError();
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md" ref={topRef} style={{ scrollMarginTop: 70 }}>
        <FormAlerts generalErrors={form.generalErrors} conflict={conflict} onReload={onReload} />
        <MainSection form={form} mode={mode} parentOption={parentOption} excludeId={excludeId} />
        <RequisitesSection form={form} idInput={idInput} />
        <AddressSection form={form} />
        <HeadSection form={form} />
        <LicenceSection form={form} />
        <Group>
          <Button type="submit" loading={saving}>
            Сохранить
          </Button>
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Отмена
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
