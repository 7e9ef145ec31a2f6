import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { notArrivedQuery } from '../api/orders.ts';
import { PendingTransfersTable } from '../components/orders/PendingTransfersTable.tsx';
import { ListLoadError } from '../components/QueryError.tsx';

/** «Выбыл и не прибыл»: transfers of the territory not received in time; the municipality looks for these children. */
export function NotArrivedPage() {
  const list = useQuery(notArrivedQuery);
  const allowed = list.data?.allowedWorkingDays;
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Выбыл и не прибыл
        </Title>
        <Text c="dimmed">
          Обучающиеся, переведённые в другую организацию, которых она не зачислила
          {allowed !== undefined ? ` за ${allowed} рабочих дней` : ' в срок'}. Выясните, где ребёнок
          обучается.
        </Text>
      </div>
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить список" />}
      <PendingTransfersTable
        label="Выбыл и не прибыл"
        testId="not-arrived-table"
        items={list.data?.items}
        loading={list.isPending}
        empty="Все переведённые обучающиеся зачислены в срок"
        show="both"
      />
    </Stack>
  );
}
