import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { type Order, useCancelOrder } from '../../api/orders.ts';
import { DateField } from '../date/DateField.tsx';
import { FormAlerts } from '../FormAlerts.tsx';
import { today } from '../format.ts';
import { notifySuccess } from '../notify.tsx';
import { splitErrors } from './order-errors.ts';

type Props = { order: Order; opened: boolean; onClose: () => void };

/**
 * Cancelling a signed order is itself an order (number, date, basis): the learners' histories go back to
 * what they were before it, and the record of both stays.
 */
export function CancelDialog({ order, opened, onClose }: Props) {
  const cancel = useCancelOrder(order.id);
  const [number, setNumber] = useState('');
  const [orderDate, setOrderDate] = useState(today());
  const [basis, setBasis] = useState('');
  const [signerName, setSignerName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async () => {
    try {
      await cancel.mutateAsync({
        number: number.trim(),
        orderDate,
        basis: basis.trim(),
        ...(signerName.trim() ? { signerName: signerName.trim() } : {}),
      });
      notifySuccess(`Приказ № ${order.number} отменён`);
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
      title={`Отмена приказа № ${order.number}`}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <Text size="sm">
          Отмена оформляется приказом об отмене. Все движения приказа № {order.number} будут отменены, а
          история обучения вернётся к состоянию до него.
        </Text>
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
        <TextInput
          label="Подписал (ФИО)"
          value={signerName}
          onChange={(e) => setSignerName(e.currentTarget.value)}
          error={errors.signerName}
        />
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
          <Button color="red" onClick={submit} loading={cancel.isPending}>
            Отменить приказ
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
