import { Table, Text } from '@mantine/core';
import type { PublicQueue } from '../../api/public-queue.ts';
import { yearsText } from '../format.ts';
import { ScrollTable } from '../ScrollTable.tsx';

type Band = PublicQueue['queue'][number];

/** Waiting applications by the age the child will have on the reference date, split by the right that counts. */
export function BandTable({
  bands,
  label,
  firstChoice,
}: {
  bands: Band[];
  label: string;
  firstChoice?: boolean;
}) {
  if (bands.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Очереди нет
      </Text>
    );
  return (
    <ScrollTable label={label} minWidth={firstChoice ? 520 : 440}>
      <Table withTableBorder striped fz="sm" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Возраст</Table.Th>
            <Table.Th ta="right">Внеочередное право</Table.Th>
            <Table.Th ta="right">Первоочередное право</Table.Th>
            <Table.Th ta="right">Общая очередь</Table.Th>
            <Table.Th ta="right">Всего</Table.Th>
            {firstChoice && <Table.Th ta="right">Из них выбрали первым</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bands.map((b) => (
            <Table.Tr key={b.age}>
              <Table.Td>{yearsText(b.age)}</Table.Td>
              <Table.Td ta="right">{b.outOfTurn}</Table.Td>
              <Table.Td ta="right">{b.first}</Table.Td>
              <Table.Td ta="right">{b.general}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {b.total}
              </Table.Td>
              {firstChoice && <Table.Td ta="right">{b.firstChoice ?? 0}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
