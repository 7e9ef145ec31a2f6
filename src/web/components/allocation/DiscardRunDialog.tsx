import { Button, Group, Modal, Stack } from '@mantine/core';
import { type AllocationRun, useRunAction } from '../../api/allocation.ts';
import { FormAlerts } from '../FormAlerts.tsx';
import { notifySuccess } from '../notify.tsx';
import { ReasonField, useReason } from '../ReasonField.tsx';
import { useServerErrors } from '../useServerErrors.ts';

/** «Отменить комплектование»: the run stays in the list, with the reason, and gives no referrals. */
export function DiscardRunDialog({ run, onClose }: { run: AllocationRun; onClose: () => void }) {
  const reason = useReason('причину');
  const discard = useRunAction(run.id, 'discard');
  const server = useServerErrors(() => []);
  const submit = async () => {
    const text = reason.take();
    if (!text) return;
    try {
      await discard.mutateAsync({ version: run.version, reason: text });
      notifySuccess('Комплектование отменено');
      onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title="Отмена комплектования"
      centered
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <FormAlerts generalErrors={server.general} conflict={server.conflict} onReload={onClose} />
        <ReasonField label="Причина" field={reason.field} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Закрыть
          </Button>
          <Button color="red" onClick={submit} loading={discard.isPending}>
            Отменить комплектование
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
