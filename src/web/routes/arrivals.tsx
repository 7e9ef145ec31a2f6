import { Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { expectedArrivalsQuery } from '../api/orders.ts';
import { ButtonLink } from '../components/links.tsx';
import { PendingTransfersTable } from '../components/orders/PendingTransfersTable.tsx';
import { useOrgChoice } from '../components/orders/useOrgChoice.ts';
import { ListLoadError } from '../components/QueryError.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/arrivals');

/** «Ожидаемые по переводу»: learners another organization has transferred here, to be enrolled by order. */
export function ArrivalsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/arrivals' });
  const session = useSession();
  const { organizationId, own } = useOrgChoice(search.organizationId);
  const list = useQuery(expectedArrivalsQuery(organizationId ?? ''));
  if (!organizationId) return <Text>Нет организации, в которую ожидаются обучающиеся.</Text>;
  const mayEnroll = can(session, 'order.write') && own.some((o) => o.value === organizationId);
  const allowed = list.data?.allowedWorkingDays;

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Ожидаемые по переводу
        </Title>
        <Text c="dimmed">
          Обучающиеся, которых другие организации перевели к вам. Зачислите их приказом о зачислении
          {allowed !== undefined ? ` в течение ${allowed} рабочих дней` : ''}, иначе муниципалитет увидит их в
          списке «Выбыл и не прибыл».
        </Text>
      </div>
      {own.length > 1 && (
        <Select
          label="Организация"
          data={own}
          value={organizationId}
          onChange={(v) => v && void navigate({ search: { organizationId: v }, replace: true })}
          allowDeselect={false}
          maw={420}
        />
      )}
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить список" />}
      <PendingTransfersTable
        label="Ожидаемые по переводу"
        testId="arrivals-table"
        items={list.data?.items}
        loading={list.isPending}
        empty="Никого не ожидается"
        show="from"
        action={
          mayEnroll
            ? (i) => (
                <ButtonLink
                  size="xs"
                  to="/orders/new"
                  search={{ organizationId, kind: 'enrollment', arrivalOf: i.movementId }}
                >
                  Зачислить
                </ButtonLink>
              )
            : undefined
        }
      />
    </Stack>
  );
}
