import { type AllocationRun, useRunAction } from '../../api/allocation.ts';
import { ActionDialog } from '../ActionDialog.tsx';
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
    <ActionDialog
      title="Отмена комплектования"
      onClose={onClose}
      server={server}
      submitLabel="Отменить комплектование"
      onSubmit={submit}
      pending={discard.isPending}
      color="red"
    >
      <ReasonField label="Причина" field={reason.field} />
    </ActionDialog>
  );
}
