import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { type Application, useDecideRight } from '../../api/queue.ts';
import { FormAlerts } from '../FormAlerts.tsx';
import { formatDate } from '../format.ts';
import { notifySuccess } from '../notify.tsx';
import { ReasonField, useReason } from '../ReasonField.tsx';
import { useServerErrors } from '../useServerErrors.ts';

type Right = Application['rights'][number];
type Props = {
  application: Application;
  right: Right;
  decision: 'confirmed' | 'rejected';
  onClose: () => void;
};

/**
 * Confirming or rejecting a claimed right after checking its document. A rejection needs its reason:
 * the parent reads it, and the application stays in the general queue with its original date.
 */
export function RightDecisionDialog({ application, right, decision, onClose }: Props) {
  const decide = useDecideRight(application.id);
  const reason = useReason('причину');
  const server = useServerErrors(() => ['reason']);
  const confirm = decision === 'confirmed';
  const submit = async () => {
    const text = confirm ? reason.field.value.trim() || undefined : reason.take();
    if (!confirm && !text) return;
    try {
      await decide.mutateAsync({ rightId: right.id, decision, ...(text ? { reason: text } : {}) });
      notifySuccess(confirm ? 'Льгота подтверждена' : 'В льготе отказано');
      onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={confirm ? 'Подтверждение льготы' : 'Отказ в льготе'}
      centered
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <FormAlerts generalErrors={server.general} conflict={server.conflict} onReload={onClose} />
        <Text size="sm">
          {right.categoryTitle}. Документ: {right.documentTitle}
          {right.documentNumber ? ` № ${right.documentNumber}` : ''} от {formatDate(right.documentIssuedOn)}.
        </Text>
        {confirm ? (
          <Text size="sm" c="dimmed">
            После подтверждения заявление учитывается в категории «
            {right.right === 'out_of_turn' ? 'внеочередное' : 'первоочередное'} право».
          </Text>
        ) : null}
        {confirm ? null : <ReasonField label="Причина отказа" field={reason.field} />}
        {server.errors.reason && (
          <Text size="sm" c="red">
            {server.errors.reason}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Закрыть
          </Button>
          <Button color={confirm ? 'teal' : 'red'} onClick={submit} loading={decide.isPending}>
            {confirm ? 'Подтвердить льготу' : 'Отказать в льготе'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
