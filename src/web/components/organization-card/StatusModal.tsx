import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { isApiError, isConflict } from '../../api/http.ts';
import { useChangeOrganizationStatus } from '../../api/organizations.ts';
import type { Organization, OrganizationStatus } from '../../api/types.ts';
import { DateField } from '../date/DateField.tsx';
import { today } from '../format.ts';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { ORG_STATUS_LABELS, toOptions } from '../labels.ts';
import { CONFLICT_MESSAGE, notifyError, notifySuccess } from '../notify.tsx';
import { OrganizationPicker } from '../OrganizationPicker.tsx';

type Props = { org: Organization; opened: boolean; onClose: () => void; onReload: () => void };

export function StatusModal({ org, opened, onClose, onReload }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Изменение статуса организации" size="lg">
      {/* Mounted only while open, so every opening starts from the current record. */}
      {opened && <StatusForm org={org} onClose={onClose} onReload={onReload} />}
    </Modal>
  );
}

function StatusForm({ org, onClose, onReload }: Omit<Props, 'opened'>) {
  const change = useChangeOrganizationStatus(org.id);
  const [status, setStatus] = useState<OrganizationStatus | null>(null);
  const [date, setDate] = useState<string | null>(today());
  const [successor, setSuccessor] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  const needsSuccessor = status === 'liquidated';
  const options = toOptions(ORG_STATUS_LABELS).filter((o) => o.value !== org.status);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!status) local.status = 'Выберите статус';
    if (!date) local.date = 'Укажите дату';
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) local.date = 'Исправьте дату';
    if (needsSuccessor && !successor) local.successorOrganizationId = 'Для ликвидации укажите правопреемника';
    setErrors(local);
    if (!status || !date || Object.keys(local).length > 0) return;
    setConflict(false);
    try {
      await change.mutateAsync({
        version: org.version,
        status,
        date,
        ...(successor && status !== 'active' ? { successorOrganizationId: successor } : {}),
      });
      notifySuccess(`Статус изменен: ${ORG_STATUS_LABELS[status]}`);
      onClose();
    } catch (err) {
      if (isConflict(err)) setConflict(true);
      if (isApiError(err)) setErrors(err.fieldErrors());
      notifyError(err, 'Не удалось изменить статус');
    }
  };

  return (
    <Stack>
      {conflict && (
        <Alert color="orange" title="Конфликт версий">
          {CONFLICT_MESSAGE}
          <Group mt="sm">
            <Button
              size="xs"
              variant="white"
              color="orange"
              onClick={() => {
                onReload();
                onClose();
              }}
            >
              Загрузить актуальную версию
            </Button>
          </Group>
        </Alert>
      )}
      <LabeledSelect
        label="Новый статус"
        required
        data={options}
        value={status}
        onChange={(v) => setStatus(v as OrganizationStatus | null)}
        error={errors.status}
        description={`Текущий статус: ${ORG_STATUS_LABELS[org.status]}`}
      />
      <DateField
        label="Дата изменения статуса"
        required
        value={date ?? ''}
        onChange={(v) => setDate(v || null)}
        error={errors.date}
      />
      {status && status !== 'active' && (
        <OrganizationPicker
          label="Правопреемник"
          required={needsSuccessor}
          description={needsSuccessor ? undefined : 'Необязательно при реорганизации'}
          value={successor}
          onChange={setSuccessor}
          excludeId={org.id}
          error={errors.successorOrganizationId}
        />
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Отмена
        </Button>
        <Button
          onClick={submit}
          loading={change.isPending}
          color={status === 'liquidated' ? 'red' : undefined}
        >
          Изменить статус
        </Button>
      </Group>
    </Stack>
  );
}
