import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  type DuplicatePair,
  duplicateKeys,
  duplicateRunQuery,
  duplicatesQuery,
  type PairPerson,
  startDuplicateRun,
  useMarkDistinct,
} from '../api/duplicates.ts';
import { type MergeAnswer, useUndoPersonMerge } from '../api/merges.ts';
import { MergeModal } from '../components/duplicates/MergeModal.tsx';
import { formatDate } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { ListTitle } from '../components/ListTitle.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import {
  documentNumberText,
  documentTypeTitle,
  fullName,
  snilsText,
} from '../components/person/person-format.ts';
import { ListLoadError } from '../components/QueryError.tsx';
import { ReasonField, useReason } from '../components/ReasonField.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const SCORES = ['0.6', '0.7', '0.8', '0.9'].map((v) => ({
  value: v,
  label: `от ${Math.round(Number(v) * 100)}%`,
}));

export function DuplicatesPage() {
  const session = useSession();
  const client = useQueryClient();
  const [minScore, setMinScore] = useState('0.7');
  const [runId, setRunId] = useState<string | null>(null);
  const [distinct, setDistinct] = useState<DuplicatePair | null>(null);
  const [mergePair, setMergePair] = useState<[string, string] | null>(null);
  const [lastMerge, setLastMerge] = useState<MergeAnswer | null>(null);
  const query = useInfiniteQuery(duplicatesQuery(Number(minScore)));
  const run = useQuery({ ...duplicateRunQuery(runId ?? ''), enabled: !!runId });
  const undo = useUndoPersonMerge();
  // A pair missing a side (an answer from before the merge finished) is not drawn.
  const rows = (query.data?.pages.flatMap((p) => p.items) ?? []).filter((p) => p?.a && p?.b);
  const neverRun = query.isSuccess && query.data.pages[0]?.run === null;
  const mayRun = can(session, 'person.duplicateReport');
  const total = query.data?.pages[0]?.totalCount;
  const running = !!runId && (!run.data || run.data.status === 'running');
  useEffect(() => {
    if (!runId || !run.data || run.data.status === 'running') return;
    if (run.data.status === 'failed') notifyError(new Error('Поиск дубликатов завершился с ошибкой'));
    void client.invalidateQueries({ queryKey: duplicateKeys.all });
    setRunId(null);
  }, [runId, run.data, client]);

  const start = async () => {
    try {
      setRunId((await startDuplicateRun()).runId);
    } catch (err) {
      notifyError(err, 'Не удалось запустить проверку');
    }
  };
  const undoMerge = async () => {
    try {
      await undo.mutateAsync(lastMerge!.merge.id);
      notifySuccess('Объединение отменено');
      setLastMerge(null);
    } catch (err) {
      notifyError(err, 'Не удалось отменить объединение');
    }
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <ListTitle title="Возможные дубликаты" total={neverRun ? undefined : total} totalLabel="всего пар:" />
        <Group gap="sm" align="flex-end">
          {!neverRun && (
            <LabeledSelect
              label="Сходство"
              w={140}
              data={SCORES}
              value={minScore}
              onChange={(v) => setMinScore(v ?? '0.7')}
            />
          )}
          {mayRun && (
            <Button onClick={start} loading={running}>
              {neverRun ? 'Сформировать отчет' : 'Сформировать отчет заново'}
            </Button>
          )}
        </Group>
      </Group>
      {running && (
        <Alert color="blue" mb="sm">
          Идет поиск дубликатов по региону. Отчет обновится автоматически; ход выполнения — в разделе{' '}
          <AnchorLink to="/jobs" size="sm">
            «Фоновые задачи»
          </AnchorLink>
          .
        </Alert>
      )}
      {lastMerge && (
        <Alert
          color="green"
          mb="sm"
          withCloseButton
          closeButtonLabel="Скрыть"
          onClose={() => setLastMerge(null)}
          data-testid="merge-done"
        >
          <Group gap="xs">
            <Text size="sm">
              Записи объединены в запись{' '}
              <AnchorLink to="/persons/$id" params={{ id: lastMerge.person.id }} size="sm">
                {fullName(lastMerge.person)}
              </AnchorLink>
              .
            </Text>
            <Button size="compact-sm" variant="default" loading={undo.isPending} onClick={undoMerge}>
              Отменить объединение
            </Button>
          </Group>
        </Alert>
      )}
      {neverRun && !running && (
        <Alert color="gray" mb="sm" data-testid="never-run">
          Отчет о возможных дубликатах еще не формировался.{' '}
          {mayRun
            ? 'Нажмите «Сформировать отчет», чтобы проверить записи региона.'
            : 'Его формирует региональный оператор.'}
        </Alert>
      )}
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить отчет" mb="sm" />}
      {!neverRun && (
        <>
          <ScrollTable label="Пары возможных дубликатов" minWidth={760}>
            <Table striped withTableBorder fz="sm" verticalSpacing={6} data-testid="duplicates-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Запись 1</Table.Th>
                  <Table.Th>Запись 2</Table.Th>
                  <Table.Th>Дата рождения</Table.Th>
                  <Table.Th>Сходство</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={`${p.a.id}-${p.b.id}`}>
                    {[p.a, p.b].map((x) => (
                      <Table.Td key={x.id}>
                        <PairSide x={x} />
                      </Table.Td>
                    ))}
                    <Table.Td>{formatDate(p.a.birthDate)}</Table.Td>
                    <Table.Td>{Math.round(p.score * 100)}%</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="compact-xs" variant="light" onClick={() => setDistinct(p)}>
                          Разные люди
                        </Button>
                        {can(session, 'person.merge') && (
                          <Button
                            size="compact-xs"
                            variant="light"
                            color="orange"
                            onClick={() => setMergePair([p.a.id, p.b.id])}
                          >
                            Объединить
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {!query.isPending && !neverRun && !query.isError && rows.length === 0 && (
                  <TableMessageRow colSpan={5}>Возможных дубликатов не найдено</TableMessageRow>
                )}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <LoadMore query={query} total={total} />
        </>
      )}
      <DistinctModal pair={distinct} onClose={() => setDistinct(null)} />
      <MergeModal pair={mergePair} onClose={() => setMergePair(null)} onMerged={(r) => setLastMerge(r)} />
    </>
  );
}

/** One record of a pair: the name, what tells it apart (СНИЛС, the main document), where it studies. */
function PairSide({ x }: { x: PairPerson }) {
  const ids = [
    x.snils ? `СНИЛС ${snilsText(x.snils)}` : null,
    x.document ? `${documentTypeTitle(x.document.type)} ${documentNumberText(x.document)}` : null,
  ].filter(Boolean);
  return (
    <>
      <AnchorLink to="/persons/$id" params={{ id: x.id }} size="sm">
        {x.fullName}
      </AnchorLink>
      {ids.length > 0 && (
        <Text size="xs" data-testid="pair-ids">
          {ids.join(' · ')}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {x.organization ?? 'нет сведений об обучении'}
      </Text>
    </>
  );
}

function DistinctModal({ pair, onClose }: { pair: DuplicatePair | null; onClose: () => void }) {
  const mark = useMarkDistinct();
  const reasonField = useReason('причину');
  const submit = async () => {
    if (!pair) return;
    const reason = reasonField.take();
    if (reason === null) return;
    try {
      await mark.mutateAsync({ personA: pair.a.id, personB: pair.b.id, reason });
      notifySuccess('Пара отмечена как разные люди');
      reasonField.clear();
      onClose();
    } catch (err) {
      notifyError(err, 'Не удалось сохранить решение');
    }
  };
  return (
    <Modal opened={!!pair} onClose={onClose} title="Это разные люди">
      <Stack gap="sm">
        <Text size="sm">
          {pair?.a.fullName} и {pair?.b.fullName}: пара больше не попадет в отчет.
        </Text>
        <ReasonField label="Почему это разные люди" field={reasonField.field} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button loading={mark.isPending} onClick={submit}>
            Сохранить
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
