import { Drawer, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { cellLearnersQuery, type StatFormScope } from '../../api/stat-forms.ts';
import { formatDate } from '../format.ts';
import { LoadMore } from '../LoadMore.tsx';
import { AnchorLink } from '../links.tsx';
import { ListLoadError } from '../QueryError.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { TableMessageRow } from '../TableMessageRow.tsx';
import { CellUnits } from './CellUnits.tsx';

/** A cell the user opened: its address, its value and the labels of its row and column. */
export type DrillCell = {
  row: string;
  column: string;
  value: number;
  rowLabel: string;
  columnLabel: string;
  /** A units cell opens its classes (groups), any other its learners (a days cell: with their days). */
  count: 'persons' | 'enrollments' | 'units' | 'days';
};

type Props = {
  code: string;
  edition: string;
  scope: StatFormScope;
  cell: DrillCell | null;
  onClose: () => void;
};

/** What a cell counts (расшифровка): its learners in name order, or its classes (groups); fifty at a time. */
export function CellLearnersDrawer({ code, edition, scope, cell, onClose }: Props) {
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Drawer
      opened={!!cell}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'xl'}
      title={cell ? `Строка ${cell.row}, графа ${cell.column}: ${cell.value}` : ''}
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      {cell?.count === 'units' && <CellUnits code={code} edition={edition} scope={scope} cell={cell} />}
      {cell && cell.count !== 'units' && (
        <CellLearners code={code} edition={edition} scope={scope} cell={cell} />
      )}
    </Drawer>
  );
}

function CellLearners({ code, edition, scope, cell }: Omit<Props, 'onClose'> & { cell: DrillCell }) {
  const list = useInfiniteQuery(cellLearnersQuery(code, edition, cell, scope));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.totalCount;
  const totalDays = list.data?.pages[0]?.totalDays;
  const days = cell.count === 'days';
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm">{cell.rowLabel}</Text>
        <Text size="sm" c="dimmed">
          Графа {cell.column}: {cell.columnLabel}
        </Text>
        {days && total !== undefined && (
          <Text size="sm" mt={4} data-testid="cell-days-total">
            Детей: {total}, дней: {totalDays ?? 0}
          </Text>
        )}
      </div>
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить список" mb={0} />}
      <ScrollTable label="Обучающиеся ячейки" minWidth={560}>
        <Table striped fz="sm" data-testid="cell-learners">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>ФИО</Table.Th>
              <Table.Th>Дата рождения</Table.Th>
              <Table.Th>Организация</Table.Th>
              {days ? <Table.Th ta="right">Дней</Table.Th> : <Table.Th>Группа</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending && <TableMessageRow colSpan={4}>Загрузка…</TableMessageRow>}
            {!list.isPending && !list.isError && items.length === 0 && (
              <TableMessageRow colSpan={4}>Никого нет</TableMessageRow>
            )}
            {items.map((l) => (
              <Table.Tr key={l.enrollmentId}>
                <Table.Td>
                  <AnchorLink to="/persons/$id" params={{ id: l.personId }}>
                    {[l.lastName, l.firstName, l.middleName].filter(Boolean).join(' ')}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDate(l.birthDate)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{l.organizationName}</Table.Td>
                {days ? <Table.Td ta="right">{l.days}</Table.Td> : <Table.Td>{l.unitName ?? '—'}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore query={list} total={total} />
    </Stack>
  );
}
