import { Text } from '@mantine/core';
import { useState } from 'react';
import type { Application } from '../../api/queue.ts';
import { useRequestTransfer } from '../../api/queue-transfers.ts';
import { ActionDialog } from '../ActionDialog.tsx';
import { notifySuccess } from '../notify.tsx';
import { ReasonField, useReason } from '../ReasonField.tsx';
import { TerritorySelect } from '../TerritorySelect.tsx';
import { useServerErrors } from '../useServerErrors.ts';

type Props = { application: Application; onClose: () => void };

/**
 * «Передать в другой муниципалитет»: the family moved. The receiving municipality accepts it within
 * the working days the region sets, choosing its kindergartens; the date of registration stays.
 */
export function TransferDialog({ application, onClose }: Props) {
  const [to, setTo] = useState<string | null>(null);
  const [toError, setToError] = useState<string>();
  const reason = useReason('причину');
  const send = useRequestTransfer(application.id);
  const server = useServerErrors(() => ['toMunicipalityId', 'reason']);
  const submit = async () => {
    const text = reason.take();
    if (!to) setToError('Выберите муниципалитет');
    if (!to || !text) return;
    try {
      const t = await send.mutateAsync({ toMunicipalityId: to, reason: text, version: application.version });
      notifySuccess(`Запрос на перевод отправлен: ${t.to.name}`);
      onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <ActionDialog
      title="Передать в другой муниципалитет"
      onClose={onClose}
      server={server}
      submitLabel="Передать"
      onSubmit={submit}
      pending={send.isPending}
      intro={
        <Text size="sm" c="dimmed">
          Пока принимающий муниципалитет не примет заявление, оно остается в вашей очереди. Дата и время
          постановки на учет и номер заявления при переводе сохраняются.
        </Text>
      }
    >
      <TerritorySelect
        label="Муниципалитет, куда переезжает семья"
        kinds={['municipality']}
        required
        value={to}
        onChange={(v) => {
          setTo(v);
          setToError(undefined);
          server.clear({ toMunicipalityId: v });
        }}
        error={toError ?? server.errors.toMunicipalityId}
      />
      <ReasonField
        label="Причина"
        description="Её увидит заявитель в истории заявления"
        field={reason.field}
      />
    </ActionDialog>
  );
}
