import { useState } from 'react';
import {
  APPLICATION_STATUS_TITLES,
  type ApplicationStatus,
  STATUS_MOVES,
} from '../../../common/queue-dictionary.ts';
import { type Application, useChangeApplicationStatus } from '../../api/queue.ts';
import { ActionDialog } from '../ActionDialog.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { notifySuccess } from '../notify.tsx';
import { ReasonField, useReason } from '../ReasonField.tsx';
import { useServerErrors } from '../useServerErrors.ts';

/** A referral comes from an allocation run, an enrollment from the kindergarten's order. */
const BY_HAND = (from: ApplicationStatus) =>
  STATUS_MOVES[from].filter((s) => s !== 'referred' && s !== 'enrolled');

type Props = { application: Application; onClose: () => void };

/** «Сменить статус»: the next status and the reason the parent will read in the history. */
export function StatusDialog({ application, onClose }: Props) {
  const moves = BY_HAND(application.status);
  const [status, setStatus] = useState<ApplicationStatus | null>(moves[0] ?? null);
  const reason = useReason('причину');
  const change = useChangeApplicationStatus(application.id);
  const server = useServerErrors(() => ['status']);
  const submit = async () => {
    const text = reason.take();
    if (!status || !text) return;
    try {
      await change.mutateAsync({ status, reason: text, version: application.version });
      notifySuccess(`Статус заявления: ${APPLICATION_STATUS_TITLES[status]}`);
      onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <ActionDialog
      title="Смена статуса заявления"
      onClose={onClose}
      server={server}
      submitLabel="Сменить статус"
      onSubmit={submit}
      pending={change.isPending}
    >
      <LabeledSelect
        label="Новый статус"
        required
        data={moves.map((s) => ({ value: s, label: APPLICATION_STATUS_TITLES[s] }))}
        value={status}
        onChange={(v) => setStatus(v as ApplicationStatus | null)}
        error={server.errors.status}
      />
      <ReasonField
        label="Причина"
        description="Её увидит заявитель в истории заявления"
        field={reason.field}
      />
    </ActionDialog>
  );
}

export const canMoveByHand = (status: ApplicationStatus) => BY_HAND(status).length > 0;
