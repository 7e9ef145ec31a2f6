import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { isApiError } from '../../api/http.ts';
import { type PromotionRun, useUndoPromotion } from '../../api/promotions.ts';
import { DateField } from '../date/DateField.tsx';
import { FormAlerts } from '../FormAlerts.tsx';
import { today } from '../format.ts';
import { notifySuccess } from '../notify.tsx';

type Props = { run: PromotionRun; opened: boolean; onClose: () => void };

/** The whole run is undone by orders «об отмене», one per school: every learner back where they were. */
export function UndoDialog({ run, opened, onClose }: Props) {
  const undo = useUndoPromotion(run.id);
  const [number, setNumber] = useState('');
  const [orderDate, setOrderDate] = useState(today());
  const [basis, setBasis] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async () => {
    try {
      await undo.mutateAsync({ number: number.trim(), orderDate, basis: basis.trim() });
      notifySuccess('Перевод отменён');
      onClose();
    } catch (e) {
      if (!isApiError(e)) return setGeneral(['Не удалось отменить перевод']);
      const fields = e.fieldErrors();
      const own = Object.fromEntries(
        Object.entries(fields).filter(([k]) => ['number', 'orderDate', 'basis'].includes(k)),
      );
      setErrors(own);
      setGeneral(
        Object.keys(own).length === Object.keys(fields).length && Object.keys(own).length ? [] : [e.detail],
      );
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Отмена перевода"
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="sm">
        <Text size="sm">
          Приказы перевода ({run.orders.length}) будут отменены приказами об отмене, обучающиеся вернутся в
          классы этого года, выпускники — в число обучающихся. Созданные классы следующего года останутся.
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
          <Button color="red" onClick={submit} loading={undo.isPending}>
            Отменить перевод
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
