import { Text } from '@mantine/core';
import { type SubmissionItem, useReturnSubmission } from '../../api/stat-forms.ts';
import { ActionDialog } from '../ActionDialog.tsx';
import { notifySuccess } from '../notify.tsx';
import { ReasonField, useReason } from '../ReasonField.tsx';
import { useServerErrors } from '../useServerErrors.ts';

/** «Вернуть на исправление»: the organization sees the reason and signs again. */
export function ReturnSubmissionDialog(p: {
  code: string;
  edition: string;
  item: SubmissionItem;
  onClose: () => void;
}) {
  const reason = useReason('причину');
  const back = useReturnSubmission(p.code, p.edition);
  const server = useServerErrors(() => []);
  const submit = async () => {
    const text = reason.take();
    if (!text) return;
    try {
      await back.mutateAsync({ id: p.item.submissionId!, version: p.item.version!, reason: text });
      notifySuccess('Форма возвращена на исправление');
      p.onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <ActionDialog
      title="Возврат формы на исправление"
      intro={
        <Text size="sm">{p.item.organizationName}: форма вернется организации с указанной причиной.</Text>
      }
      onClose={p.onClose}
      server={server}
      submitLabel="Вернуть"
      onSubmit={submit}
      pending={back.isPending}
      color="orange"
    >
      <ReasonField label="Причина возврата" field={reason.field} />
    </ActionDialog>
  );
}
