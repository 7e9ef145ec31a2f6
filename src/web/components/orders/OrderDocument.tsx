import { Alert, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type Order, orderPdfUrl } from '../../api/orders.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { InfoGrid } from '../InfoGrid.tsx';
import { AnchorLink } from '../links.tsx';
import { fullName } from '../person/person-format.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import { CancelDialog } from './CancelDialog.tsx';
import { LateBadge, movementDetails, movementTitle } from './order-format.tsx';

/** A signed (or cancelled) order as it stands: read-only, printable, cancellable by another order. */
export function OrderDocument({ order, canCancel }: { order: Order; canCancel: boolean }) {
  const [cancelOpened, cancelDialog] = useDisclosure(false);
  return (
    <Stack gap="md">
      {order.cancelledBy && (
        <Alert color="red" variant="light" data-testid="cancelled-by">
          Приказ отменён приказом № {order.cancelledBy.number} от {formatDate(order.cancelledBy.orderDate)}.
          Его движения не действуют.
        </Alert>
      )}
      {order.cancelsOrder && (
        <Alert color="blue" variant="light">
          Этим приказом отменён{' '}
          <AnchorLink to="/orders/$id" params={{ id: order.cancelsOrder.id }}>
            приказ № {order.cancelsOrder.number} от {formatDate(order.cancelsOrder.orderDate)}
          </AnchorLink>
          .
        </Alert>
      )}
      <Paper withBorder p="md" radius="sm">
        <InfoGrid
          items={[
            { label: 'Номер', value: order.number },
            { label: 'Дата', value: formatDate(order.orderDate) },
            { label: 'Подписан в реестре', value: order.signedAt ? formatDateTime(order.signedAt) : '—' },
            {
              label: 'Подписал',
              value: [order.signerPosition, order.signerName].filter(Boolean).join(' ') || '—',
            },
            { label: 'Основание', value: order.basis, span: true },
          ]}
        />
      </Paper>
      <Group gap="xs">
        <Button component="a" href={orderPdfUrl(order.id)} target="_blank" rel="noopener" variant="default">
          Печать (PDF)
        </Button>
        {canCancel && order.state === 'signed' && order.kind !== 'cancellation' && (
          <Button color="red" variant="light" onClick={cancelDialog.open}>
            Отменить приказ
          </Button>
        )}
      </Group>
      <ScrollTable label="Обучающиеся в приказе" minWidth={760}>
        <Table withTableBorder striped fz="sm" verticalSpacing={6} data-testid="order-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>№</Table.Th>
              <Table.Th>Обучающийся</Table.Th>
              <Table.Th>Движение</Table.Th>
              <Table.Th>С даты</Table.Th>
              <Table.Th>Подробности</Table.Th>
              <Table.Th>Внесено</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.movements.map((m, i) => (
              <Table.Tr key={m.id}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>
                  <AnchorLink to="/persons/$id" params={{ id: m.person.id }}>
                    {fullName(m.person)}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    {formatDate(m.person.birthDate)}
                  </Text>
                </Table.Td>
                <Table.Td>{movementTitle(m.kind)}</Table.Td>
                <Table.Td>{formatDate(m.effectiveOn)}</Table.Td>
                <Table.Td>{movementDetails(m) || '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(m.enteredAt)}</Text>
                  {m.late && <LateBadge />}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <CancelDialog order={order} opened={cancelOpened} onClose={cancelDialog.close} />
    </Stack>
  );
}
