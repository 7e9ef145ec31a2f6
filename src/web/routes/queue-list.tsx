import { Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { APPLICATION_STATUS_TITLES, type ApplicationStatus } from '../../common/queue-dictionary.ts';
import { applicationsQuery } from '../api/queue.ts';
import { formatDate, formatDateTime } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { IncomingTransfers } from '../components/queue/IncomingTransfers.tsx';
import { ApplicationStatusBadge, RightBadge } from '../components/queue/queue-format.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';
import { titleOptions } from '../components/useServerErrors.ts';

const route = getRouteApi('/app/queue');
const COLS = 6;

/** «Очередь в детские сады»: the municipality's applications in the order they were registered. */
export function QueueListPage() {
  const search = route.useSearch();
  const session = useSession();
  const navigate = useNavigate({ from: '/queue' });
  const [text, setText] = useState(search.q ?? '');
  const list = useInfiniteQuery(
    applicationsQuery({
      status: search.status,
      rightPending: search.rightPending,
      q: search.q,
    }),
  );
  const set = (patch: Partial<typeof search>) =>
    void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(search.status || search.rightPending || search.q);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Очередь в детские сады
          </Title>
          <Text c="dimmed">Заявления в порядке регистрации. Льгота учитывается после подтверждения.</Text>
        </div>
        {can(session, 'application.file') && (
          <ButtonLink to="/queue/new">Зарегистрировать заявление</ButtonLink>
        )}
      </Group>
      {can(session, 'application.transfer') && <IncomingTransfers />}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Номер заявления или фамилия ребёнка"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onBlur={() => set({ q: text.trim() || undefined })}
          onKeyDown={(e) => e.key === 'Enter' && set({ q: text.trim() || undefined })}
          style={{ flex: '1 1 260px', maxWidth: 360 }}
        />
        <LabeledSelect
          label="Статус"
          placeholder="Все статусы"
          clearable
          data={titleOptions(APPLICATION_STATUS_TITLES)}
          value={search.status ?? null}
          onChange={(v) => set({ status: (v ?? undefined) as ApplicationStatus | undefined })}
          style={{ flex: '1 1 220px', maxWidth: 300 }}
        />
        <LabeledSelect
          label="Льгота"
          placeholder="Все"
          clearable
          data={[
            { value: 'true', label: 'Ждёт подтверждения' },
            { value: 'false', label: 'Без непроверенных льгот' },
          ]}
          value={search.rightPending ?? null}
          onChange={(v) => set({ rightPending: (v ?? undefined) as 'true' | 'false' | undefined })}
          style={{ flex: '1 1 200px', maxWidth: 260 }}
        />
      </Group>
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить очередь" />}
      <ScrollTable label="Очередь" minWidth={820}>
        <Table withTableBorder striped highlightOnHover fz="sm" verticalSpacing={6} data-testid="queue-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Заявление</Table.Th>
              <Table.Th>Ребёнок</Table.Th>
              <Table.Th>Желаемая дата</Table.Th>
              <Table.Th>Первый детский сад</Table.Th>
              <Table.Th>Льгота</Table.Th>
              <Table.Th>Статус</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending && <TableSkeletonRows colSpan={COLS} />}
            {list.isSuccess && items.length === 0 && (
              <TableMessageRow colSpan={COLS}>
                {filtered ? 'Заявлений с такими условиями нет' : 'В очереди нет заявлений'}
              </TableMessageRow>
            )}
            {items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <AnchorLink to="/queue/$id" params={{ id: a.id }}>
                    № {a.number}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(a.registeredAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {[a.child.lastName, a.child.firstName, a.child.middleName].filter(Boolean).join(' ')}
                  <Text size="xs" c="dimmed">
                    {formatDate(a.child.birthDate)}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDate(a.desiredOn)}</Table.Td>
                <Table.Td>{a.firstPreference ?? '—'}</Table.Td>
                <Table.Td>
                  <RightBadge right={a.right} pending={a.rightPending} />
                </Table.Td>
                <Table.Td>
                  <ApplicationStatusBadge status={a.status} />
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
