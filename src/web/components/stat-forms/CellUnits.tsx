import { Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { cellUnitsQuery, type StatFormScope } from '../../api/stat-forms.ts';
import { LoadMore } from '../LoadMore.tsx';
import { ListLoadError } from '../QueryError.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { TableMessageRow } from '../TableMessageRow.tsx';
import type { DrillCell } from './CellLearnersDrawer.tsx';

/** The classes (groups) a units cell counts, with how many of the cell's learners each holds. */
export function CellUnits({
  code,
  edition,
  scope,
  cell,
}: {
  code: string;
  edition: string;
  scope: StatFormScope;
  cell: DrillCell;
}) {
  const list = useInfiniteQuery(cellUnitsQuery(code, edition, cell, scope));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.totalCount;
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm">{cell.rowLabel}</Text>
        <Text size="sm" c="dimmed">
          Графа {cell.column}: {cell.columnLabel}
        </Text>
      </div>
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить список" mb={0} />}
      <ScrollTable label="Классы (группы) ячейки" minWidth={330}>
        <Table striped fz="sm" data-testid="cell-units">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Организация</Table.Th>
              <Table.Th>Класс (группа)</Table.Th>
              <Table.Th ta="right">Обучающихся</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending && <TableMessageRow colSpan={3}>Загрузка…</TableMessageRow>}
            {!list.isPending && !list.isError && items.length === 0 && (
              <TableMessageRow colSpan={3}>Нет классов</TableMessageRow>
            )}
            {items.map((u) => (
              <Table.Tr key={u.unitId}>
                <Table.Td>{u.organizationName}</Table.Td>
                <Table.Td>{u.unitName}</Table.Td>
                <Table.Td ta="right">{u.learners}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore query={list} total={total} />
    </Stack>
  );
}
