import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ORDER_KIND_TITLES } from '../../common/movement-dictionary.ts';
import { promotionRunQuery } from '../api/promotions.ts';
import { formatDate, formatDateTime, today } from '../components/format.ts';
import { InfoGrid } from '../components/InfoGrid.tsx';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { OrderStateBadge } from '../components/orders/order-format.tsx';
import { UndoDialog } from '../components/promotion/UndoDialog.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/promotions/$id');

/** A promotion run: its figures, the orders it signed, and its undo while the deadline has not passed. */
export function PromotionRunPage() {
  const { id } = route.useParams();
  const session = useSession();
  const run = useQuery(promotionRunQuery(id));
  const [undoing, setUndoing] = useState(false);
  if (run.isError) return <QueryError error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data;
  const mayUndo = !!r && !r.undoneAt && r.undoDeadline >= today() && can(session, 'promotion.undo');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1} size="h2">
          Перевод на следующий учебный год
        </Title>
        <Group gap="xs">
          <ButtonLink to="/promotion" variant="default">
            К мастеру перевода
          </ButtonLink>
          {mayUndo && (
            <Button color="red" variant="light" onClick={() => setUndoing(true)}>
              Отменить перевод
            </Button>
          )}
        </Group>
      </Group>
      {r?.undoneAt && (
        <Alert color="gray" title="Перевод отменён" data-testid="promotion-undone">
          Отменён {formatDateTime(r.undoneAt)}: приказы перевода отменены, обучающиеся возвращены в классы.
        </Alert>
      )}
      {r && (
        <InfoGrid
          cols={4}
          items={[
            { label: 'Дата перевода', value: formatDate(r.effectiveOn) },
            { label: 'Переведено', value: String(r.promoted) },
            { label: 'Выпущено', value: String(r.graduated) },
            { label: 'Отменить можно до', value: formatDate(r.undoDeadline) },
          ]}
        />
      )}
      <ScrollTable label="Приказы перевода" minWidth={480}>
        <Table withTableBorder striped fz="sm" data-testid="promotion-orders">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Приказ</Table.Th>
              <Table.Th>Вид</Table.Th>
              <Table.Th>Состояние</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r?.orders.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <AnchorLink to="/orders/$id" params={{ id: o.id }}>
                    № {o.number}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{ORDER_KIND_TITLES[o.kind as 'promotion'] ?? o.kind}</Table.Td>
                <Table.Td>
                  <OrderStateBadge state={o.state} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {!r && <Text c="dimmed">Загрузка…</Text>}
      {r && mayUndo && <UndoDialog run={r} opened={undoing} onClose={() => setUndoing(false)} />}
    </Stack>
  );
}
