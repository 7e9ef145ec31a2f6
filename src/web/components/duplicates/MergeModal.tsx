import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type MergeResult, useMerge } from '../../api/duplicates.ts';
import type { PersonCard } from '../../api/person-types.ts';
import { personQuery } from '../../api/persons.ts';
import { notifyError, notifySuccess } from '../notify.tsx';
import { CoreInfo, DocumentsTable, EnrollmentsTable } from '../person/card/PersonInfo.tsx';
import { fullName } from '../person/person-format.ts';

type Props = {
  pair: [string, string] | null;
  onClose: () => void;
  onMerged?: (result: MergeResult, survivorId: string) => void;
};

/** Merge of two records of one person: the operator picks the record that stays and states why. */
export function MergeModal({ pair, onClose, onMerged }: Props) {
  return (
    <Modal opened={!!pair} onClose={onClose} title="Объединение записей" size="80rem">
      {pair && <MergeForm pair={pair} onClose={onClose} onMerged={onMerged} />}
    </Modal>
  );
}

function MergeForm({
  pair,
  onClose,
  onMerged,
}: Required<Pick<Props, 'onClose'>> & Props & { pair: [string, string] }) {
  const a = useQuery(personQuery(pair[0]));
  const b = useQuery(personQuery(pair[1]));
  const merge = useMerge();
  const [survivorId, setSurvivorId] = useState(pair[0]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  if (a.isPending || b.isPending) return <Loader size="sm" />;
  if (a.isError || b.isError) return <Alert color="red">Не удалось загрузить записи для сравнения</Alert>;
  const cards = [a.data, b.data] as [PersonCard, PersonCard];
  const survivor = cards.find((c) => c.id === survivorId)!;
  const merged = cards.find((c) => c.id !== survivorId)!;

  const submit = async () => {
    if (reason.trim().length < 5) return setError('Укажите основание (не менее 5 символов)');
    try {
      const result = await merge.mutateAsync({
        survivorId: survivor.id,
        mergedId: merged.id,
        reason: reason.trim(),
        version: survivor.version,
        mergedVersion: merged.version,
      });
      notifySuccess('Записи объединены');
      onMerged?.(result, survivor.id);
      onClose();
    } catch (err) {
      notifyError(err, 'Не удалось объединить записи');
    }
  };

  return (
    <Stack gap="md">
      <Radio.Group label="Какая запись остается" value={survivorId} onChange={setSurvivorId}>
        <SimpleGrid cols={2} mt="xs">
          {cards.map((c) => (
            <Paper key={c.id} withBorder p="sm" bg={c.id === survivorId ? 'blue.0' : undefined}>
              <Radio value={c.id} label={fullName(c)} mb="sm" />
              <Stack gap="xs">
                <CoreInfo p={c} />
                <DocumentsTable p={c} />
                <EnrollmentsTable p={c} />
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      </Radio.Group>
      <Text size="sm" c="dimmed">
        Документы, адреса, обучение и представители записи «{fullName(merged)}» перейдут к записи «
        {fullName(survivor)}». Объединение можно отменить.
      </Text>
      <Textarea
        label="Основание объединения"
        required
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setError(undefined);
        }}
        error={error}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={merge.isPending}>
          Отмена
        </Button>
        <Button color="orange" loading={merge.isPending} onClick={submit}>
          Объединить
        </Button>
      </Group>
    </Stack>
  );
}
