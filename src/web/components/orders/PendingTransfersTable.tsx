import { Badge, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PendingTransfer } from '../../api/orders.ts';
import { formatDate } from '../format.ts';
import { fullName } from '../person/person-format.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import { TableSkeletonRows } from '../Skeletons.tsx';
import { TableMessageRow } from '../TableMessageRow.tsx';

type Props = {
  label: string;
  items: PendingTransfer[] | undefined;
  loading: boolean;
  empty: string;
  /** Which side the list is read from: the receiving school names the sender, the municipality both. */
  show: 'from' | 'both';
  action?: ((item: PendingTransfer) => ReactNode) | undefined;
  testId: string;
};

/** Learners transferred out and not yet enrolled by the receiving organization. */
export function PendingTransfersTable({ label, items, loading, empty, show, action, testId }: Props) {
  const cols = show === 'both' ? 6 : 5;
  return (
    <ScrollTable label={label} minWidth={show === 'both' ? 860 : 720}>
      <Table withTableBorder striped fz="sm" verticalSpacing={6} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>ФИО</Table.Th>
            <Table.Th>Дата рождения</Table.Th>
            <Table.Th>Откуда</Table.Th>
            {show === 'both' && <Table.Th>Куда</Table.Th>}
            <Table.Th>Выбыл(а) по приказу</Table.Th>
            <Table.Th>Ожидание</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loading && <TableSkeletonRows colSpan={cols} />}
          {!loading && items?.length === 0 && <TableMessageRow colSpan={cols}>{empty}</TableMessageRow>}
          {items?.map((i) => (
            <Table.Tr key={i.movementId}>
              {/* The action sits under the name: on a phone the last column is past the screen's edge. */}
              <Table.Td>
                {fullName(i.person)}
                {action && <div style={{ marginTop: 4 }}>{action(i)}</div>}
              </Table.Td>
              <Table.Td>{formatDate(i.person.birthDate)}</Table.Td>
              <Table.Td>
                {i.from.name}
                {i.lastUnit && (
                  <Text size="xs" c="dimmed">
                    класс (группа) {i.lastUnit}
                  </Text>
                )}
              </Table.Td>
              {show === 'both' && <Table.Td>{i.to.name}</Table.Td>}
              <Table.Td>
                № {i.order.number} от {formatDate(i.order.orderDate)}
                <Text size="xs" c="dimmed">
                  выбыл(а) с {formatDate(i.effectiveOn)}
                </Text>
              </Table.Td>
              <Table.Td>
                {i.workingDaysWaiting} раб. дн.
                {i.overdue && (
                  <Badge ml={6} color="red" variant="light" tt="none">
                    срок истёк
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
