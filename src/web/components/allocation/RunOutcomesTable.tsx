import { List, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type OutcomeFilters, outcomesQuery } from '../../api/allocation.ts';
import { formatDateTime } from '../format.ts';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { LoadMore } from '../LoadMore.tsx';
import { AnchorLink } from '../links.tsx';
import { ListLoadError } from '../QueryError.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { TableSkeletonRows } from '../Skeletons.tsx';
import { TableMessageRow } from '../TableMessageRow.tsx';
import { OutcomeBadge } from './allocation-format.tsx';

const FILTERS = [
  { value: 'placed', label: 'Направлены в выбранный сад' },
  { value: 'offered', label: 'Предложен иной сад' },
  { value: 'outranked', label: 'Без места: места заняты' },
  { value: 'no_eligible_group', label: 'Без места: нет группы' },
  { value: 'kept_current_seat', label: 'Остаются в своем саду' },
];

/** Every application of a computed run with its outcome and, for each kindergarten ranked above it, why not. */
export function RunOutcomesTable({ runId }: { runId: string }) {
  const [filter, setFilter] = useState<string | null>(null);
  const filters: OutcomeFilters = filter ? { outcome: filter as OutcomeFilters['outcome'] } : {};
  const list = useInfiniteQuery(outcomesQuery(runId, filters));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      <LabeledSelect
        label="Итог"
        placeholder="Все заявления"
        clearable
        data={FILTERS}
        value={filter}
        onChange={setFilter}
        style={{ width: 300, maxWidth: '100%' }}
      />
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить итоги" />}
      <ScrollTable label="Итоги по заявлениям" minWidth={820}>
        <Table withTableBorder striped fz="sm" verticalSpacing={6} data-testid="run-outcomes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Заявление</Table.Th>
              <Table.Th>Итог</Table.Th>
              <Table.Th>Детский сад и группа</Table.Th>
              <Table.Th>Почему не в выбранные выше</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending && <TableSkeletonRows colSpan={4} />}
            {list.isSuccess && items.length === 0 && (
              <TableMessageRow colSpan={4}>Заявлений с таким итогом нет</TableMessageRow>
            )}
            {items.map((o) => (
              <Table.Tr key={o.applicationId}>
                <Table.Td>
                  <AnchorLink to="/queue/$id" params={{ id: o.applicationId }}>
                    № {o.number}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(o.registeredAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <OutcomeBadge outcome={o.outcome} />
                </Table.Td>
                <Table.Td>
                  {o.organizationName ?? '—'}
                  {o.unitName && (
                    <Text size="xs" c="dimmed">
                      {o.unitName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {o.rejected.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    <List size="sm" spacing={2}>
                      {o.rejected.map((r) => (
                        <List.Item key={r.organizationId}>
                          {r.organizationName}:{' '}
                          {r.reason === 'no_group'
                            ? 'нет группы для возраста и потребностей ребенка'
                            : `места заняты детьми с более высоким приоритетом (у ребенка: ${r.priority})`}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {items.length > 0 && <LoadMore query={list} />}
    </Stack>
  );
}
