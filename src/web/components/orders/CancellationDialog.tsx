import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { DateField } from '../date/DateField.tsx';
import { FormAlerts } from '../FormAlerts.tsx';
import { today } from '../format.ts';
import { splitErrors } from './order-errors.ts';

export type CancellationValues = { number: string; orderDate: string; basis: string; signerName?: string };

type Props = {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What the cancellation does, in the clerk's words. */
  intro: ReactNode;
  confirmLabel: string;
  /** The signer's name is asked where the cancelling order prints one. */
  withSigner?: boolean;
  pending: boolean;
  /** Resolves when done; a rejection with a problem answer puts its messages on the fields. */
  onSubmit: (values: CancellationValues) => Promise<void>;
};

/**
 * An order «об отмене» (number, date, basis): it cancels a signed order or a whole promotion run, and
 * the record of both stays.
 */
export function CancellationDialog({
  opened,
  onClose,
  title,
  intro,
  confirmLabel,
  withSigner,
  pending,
  onSubmit,
}: Props) {
  const [number, setNumber] = useState('');
  const [orderDate, setOrderDate] = useState(today());
  const [basis, setBasis] = useState('');
  const [signerName, setSignerName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async () => {
    try {
      await onSubmit({
        number: number.trim(),
        orderDate,
        basis: basis.trim(),
        ...(withSigner && signerName.trim() ? { signerName: signerName.trim() } : {}),
      });
      onClose();
    } catch (e) {
      const split = splitErrors(e);
      setErrors(split.header);
      setGeneral(split.general);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <Text size="sm">{intro}</Text>
        <FormAlerts generalErrors={general} />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Номер приказа об отмене"
            required
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            error={errors.number}
            miw={180}
          />
          <DateField
            label="Дата"
            required
            value={orderDate}
            onChange={setOrderDate}
            error={errors.orderDate}
          />
        </Group>
        {withSigner && (
          <TextInput
            label="Подписал (ФИО)"
            value={signerName}
            onChange={(e) => setSignerName(e.currentTarget.value)}
            error={errors.signerName}
          />
        )}
        <Textarea
          label="Основание отмены"
          required
          autosize
          minRows={2}
          value={basis}
          onChange={(e) => setBasis(e.currentTarget.value)}
          error={errors.basis}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Закрыть
          </Button>
          <Button color="red" onClick={submit} loading={pending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
