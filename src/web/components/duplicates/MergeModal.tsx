import { Alert, Button, Group, Modal, Paper, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type EnrollmentChoice,
  enrollmentChoicesOf,
  type MergeAnswer,
  useMergePersons,
} from '../../api/merges.ts';
import type { PersonCard } from '../../api/person-types.ts';
import { personQuery } from '../../api/persons.ts';
import { formatDate } from '../format.ts';
import { notifyError, notifySuccess } from '../notify.tsx';
import { CoreInfo, DocumentsTable, EnrollmentsTable } from '../person/card/PersonInfo.tsx';
import { fullName } from '../person/person-format.ts';
import { ReasonField, useReason } from '../ReasonField.tsx';
import { CardSkeleton } from '../Skeletons.tsx';

const KIND_TITLES: Record<string, string> = {
  preschool: 'в разных детских садах',
  school: 'в разных школах',
  additional: 'в разных организациях дополнительного образования',
  vocational: 'в разных профессиональных организациях',
};

type Props = {
  pair: [string, string] | null;
  onClose: () => void;
  onMerged?: (result: MergeAnswer, survivorId: string) => void;
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
  const merge = useMergePersons();
  const [survivorId, setSurvivorId] = useState(pair[0]);
  const reasonField = useReason('основание');
  const [choices, setChoices] = useState<EnrollmentChoice[] | null>(null);
  const [kept, setKept] = useState<Record<string, string>>({});
  const [choiceError, setChoiceError] = useState<string>();
  if (a.isPending || b.isPending) return <CardSkeleton />;
  if (a.isError || b.isError) return <Alert color="red">Не удалось загрузить записи для сравнения</Alert>;
  const cards = [a.data, b.data] as [PersonCard, PersonCard];
  const survivor = cards.find((c) => c.id === survivorId);
  const merged = cards.find((c) => c.id !== survivorId);
  // Once merged, the duplicate's card resolves to the survivor (both cards are one record) while the
  // answer is still on its way: nothing is left to compare.
  if (!survivor || !merged) return <Text size="sm">Записи объединены.</Text>;

  const submit = async () => {
    const reason = reasonField.take();
    if (reason === null) return;
    if (choices?.some((c) => !kept[c.kind])) {
      return setChoiceError('Выберите, какое обучение остается');
    }
    try {
      const result = await merge.mutateAsync({
        survivorId: survivor.id,
        mergedId: merged.id,
        reason,
        version: survivor.version,
        mergedVersion: merged.version,
        ...(choices ? { keepEnrollmentIds: Object.values(kept) } : {}),
      });
      notifySuccess('Записи объединены');
      onMerged?.(result, survivor.id);
      onClose();
    } catch (err) {
      const asked = enrollmentChoicesOf(err);
      if (asked) {
        setChoices(asked);
        setKept({});
        return setChoiceError('Выберите, какое обучение остается');
      }
      notifyError(err, 'Не удалось объединить записи');
    }
  };

  return (
    <Stack gap="md">
      <Radio.Group label="Какая запись остается" value={survivorId} onChange={setSurvivorId}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
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
        {fullName(survivor)}». Объединение можно отменить сразу после него или на карточке записи.
      </Text>
      {choices?.map((c) => (
        <Radio.Group
          key={c.kind}
          label={`Записи обучаются ${KIND_TITLES[c.kind] ?? c.kind}: какое обучение остается?`}
          description="Другое будет завершено датой объединения."
          value={kept[c.kind] ?? null}
          onChange={(v) => {
            setKept((k) => ({ ...k, [c.kind]: v }));
            setChoiceError(undefined);
          }}
          error={choiceError}
          data-testid={`enrollment-choice-${c.kind}`}
        >
          <Stack gap={6} mt="xs">
            {c.options.map((o) => (
              <Radio key={o.id} value={o.id} label={`${o.organizationName}, с ${formatDate(o.startedOn)}`} />
            ))}
          </Stack>
        </Radio.Group>
      ))}
      <ReasonField label="Основание объединения" field={reasonField.field} />
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
