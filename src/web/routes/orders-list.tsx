import { Badge, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { ORDER_KIND_TITLES } from '../../common/movement-dictionary.ts';
import { type OrderFilters, ordersListQuery } from '../api/orders.ts';
import { organizationQuery } from '../api/organizations.ts';
import { DateField } from '../components/date/DateField.tsx';
import { formatDate, formatDateTime } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { LateBadge, ORDER_STATE_TITLES, OrderStateBadge } from '../components/orders/order-format.tsx';
import { useOrgChoice } from '../components/orders/useOrgChoice.ts';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const route = getRouteApi('/app/orders');
const COLS = 6;

/** «Книга приказов» of one organization: filters by kind, state and period, late entries flagged. */
export function OrdersListPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/orders' });
  const session = useSession();
  const { organizationId, own } = useOrgChoice(search.organizationId);
  const org = useQuery({ ...organizationQuery(organizationId ?? ''), enabled: !!organizationId });
  const filters: OrderFilters = {
    organizationId: organizationId ?? '',
    kind: search.kind,
    state: search.state,
    from: search.from,
    to: search.to,
  };
  const list = useQuery(ordersListQuery(filters));
  const set = (patch: Partial<typeof search>) =>
    void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });

  if (!organizationId)
    return <Text>Выберите организацию в реестре организаций, чтобы открыть её приказы.</Text>;
  const items = list.data ?? [];
  const mayWrite = can(session, 'order.write') && own.some((o) => o.value === organizationId);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Приказы
          </Title>
          <Text c="dimmed">{org.data?.shortName ?? ' '}</Text>
        </div>
        <Group gap="xs">
          {can(session, 'transfer.read') && mayWrite && (
            <ButtonLink to="/arrivals" search={{ organizationId }} variant="default">
              Ожидаемые по переводу
            </ButtonLink>
          )}
          {mayWrite && (
            <ButtonLink to="/orders/new" search={{ organizationId }}>
              Новый приказ
            </ButtonLink>
          )}
        </Group>
      </Group>
      {own.length > 1 && (
        <Select
          label="Организация"
          data={own}
          value={organizationId}
          onChange={(v) => v && set({ organizationId: v })}
          allowDeselect={false}
          maw={420}
        />
      )}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <LabeledSelect
          label="Вид приказа"
          placeholder="Все виды"
          clearable
          data={Object.entries(ORDER_KIND_TITLES).map(([value, label]) => ({ value, label }))}
          value={search.kind ?? null}
          onChange={(v) => set({ kind: (v ?? undefined) as typeof search.kind })}
          style={{ flex: '1 1 240px', maxWidth: 340 }}
        />
        <LabeledSelect
          label="Состояние"
          placeholder="Все"
          clearable
          data={Object.entries(ORDER_STATE_TITLES).map(([value, label]) => ({ value, label }))}
          value={search.state ?? null}
          onChange={(v) => set({ state: (v ?? undefined) as typeof search.state })}
          style={{ flex: '1 1 160px', maxWidth: 200 }}
        />
        <DateField
          label="Дата с"
          value={search.from ?? ''}
          onChange={(v) => set({ from: /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined })}
        />
        <DateField
          label="Дата по"
          value={search.to ?? ''}
          onChange={(v) => set({ to: /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined })}
        />
      </Group>
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить приказы" />}
      <ScrollTable label="Книга приказов" minWidth={720}>
        <Table
          withTableBorder
          striped
          highlightOnHover
          fz="sm"
          verticalSpacing={6}
          data-testid="orders-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Номер</Table.Th>
              <Table.Th>Дата</Table.Th>
              <Table.Th>Вид</Table.Th>
              <Table.Th>Обучающихся</Table.Th>
              <Table.Th>Состояние</Table.Th>
              <Table.Th>Подписан в реестре</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending && <TableSkeletonRows colSpan={COLS} />}
            {list.isSuccess && items.length === 0 && (
              <TableMessageRow colSpan={COLS}>
                {search.kind || search.state || search.from || search.to
                  ? 'Приказов с такими условиями нет'
                  : 'Приказов пока нет. Нажмите «Новый приказ», чтобы оформить первый.'}
              </TableMessageRow>
            )}
            {items.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <AnchorLink to="/orders/$id" params={{ id: o.id }}>
                    № {o.number}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDate(o.orderDate)}</Table.Td>
                <Table.Td>{ORDER_KIND_TITLES[o.kind]}</Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {o.movementCount}
                    {o.lateCount > 0 && <LateBadge count={o.lateCount} />}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <OrderStateBadge state={o.state} />
                </Table.Td>
                <Table.Td>{o.signedAt ? formatDateTime(o.signedAt) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {items.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="orders-count">
          Приказов: {items.length}
          {items.some((o) => o.lateCount > 0) && (
            <Badge ml="xs" color="orange" variant="light" tt="none">
              есть строки, внесённые позже одного рабочего дня
            </Badge>
          )}
        </Text>
      )}
    </Stack>
  );
}
