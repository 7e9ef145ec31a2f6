import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { municipalityKindergartensQuery } from '../../api/kindergartens.ts';
import { type Transfer, useAcceptTransfer, useRefuseTransfer } from '../../api/queue-transfers.ts';
import { FormAlerts } from '../FormAlerts.tsx';
import { formatDate, formatDateTime } from '../format.ts';
import { notifySuccess } from '../notify.tsx';
import { ReasonField, useReason } from '../ReasonField.tsx';
import { useServerErrors } from '../useServerErrors.ts';
import { RankedKindergartens } from './RankedKindergartens.tsx';

/**
 * How many kindergartens an application may rank: the region's QUEUE_MAX_PREFERENCES (5 by default);
 * the server checks the real limit and answers on the field.
 */
const MAX_PREFERENCES = 5;

type Props = { transfer: Transfer; onClose: () => void };

const fio = (c: Transfer['child']) => [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' ');

function Summary({ transfer: t }: { transfer: Transfer }) {
  return (
    <Text size="sm">
      Заявление № {t.applicationNumber} ({fio(t.child)}, {formatDate(t.child.birthDate)} г. р.) из
      муниципалитета «{t.from.name}». Дата постановки на учет сохранится: {formatDateTime(t.registeredAt)}.
    </Text>
  );
}

/** «Принять»: the kindergartens of this municipality, ranked with the family, replace the old ones. */
export function AcceptTransferDialog({ transfer, onClose }: Props) {
  const [ranks, setRanks] = useState<string[]>(['']);
  const [note, setNote] = useState('');
  const kindergartens = useQuery(municipalityKindergartensQuery(transfer.to.id));
  const accept = useAcceptTransfer(transfer.id);
  const server = useServerErrors(() => ['preferences', ...ranks.map((_, i) => `preferences.${i}`), 'reason']);
  const [missing, setMissing] = useState<string>();
  const submit = async () => {
    const preferences = ranks.filter(Boolean);
    if (preferences.length === 0) return setMissing('Выберите хотя бы один детский сад');
    try {
      await accept.mutateAsync({
        preferences,
        ...(note.trim() ? { reason: note.trim() } : {}),
        version: transfer.version,
      });
      notifySuccess(`Заявление № ${transfer.applicationNumber} принято в очередь`);
      onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  const errors = { ...server.errors, ...(missing ? { preferences: missing } : {}) };
  return (
    <Modal
      opened
      onClose={onClose}
      title="Принять заявление по переводу"
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <Summary transfer={transfer} />
        <FormAlerts generalErrors={server.general} conflict={server.conflict} onReload={onClose} />
        <RankedKindergartens
          kindergartens={kindergartens.data ?? []}
          loading={kindergartens.isPending}
          max={MAX_PREFERENCES}
          ranks={ranks}
          onChange={(r) => {
            setRanks(r);
            setMissing(undefined);
          }}
          errors={errors}
        />
        <Textarea
          label="Комментарий для заявителя"
          description="Необязательно; попадет в историю заявления"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={server.errors.reason}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Закрыть
          </Button>
          <Button color="teal" onClick={submit} loading={accept.isPending}>
            Принять в очередь
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** «Отказать»: the reason is required, the parent reads it; the application stays where it was. */
export function RefuseTransferDialog({ transfer, onClose }: Props) {
  const reason = useReason('причину');
  const refuse = useRefuseTransfer(transfer.id);
  const server = useServerErrors(() => ['reason']);
  const submit = async () => {
    const text = reason.take();
    if (!text) return;
    try {
      await refuse.mutateAsync({ reason: text, version: transfer.version });
      notifySuccess(`В переводе заявления № ${transfer.applicationNumber} отказано`);
      onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title="Отказать в переводе"
      centered
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <Summary transfer={transfer} />
        <FormAlerts generalErrors={server.general} conflict={server.conflict} onReload={onClose} />
        <ReasonField
          label="Причина отказа"
          description="Её увидит заявитель; заявление останется в очереди прежнего муниципалитета"
          field={reason.field}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Закрыть
          </Button>
          <Button color="red" onClick={submit} loading={refuse.isPending}>
            Отказать
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
