import { Alert, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { accessLogQuery } from '../../api/citizen.ts';
import { isApiError } from '../../api/http.ts';
import { formatDateTime } from '../format.ts';
import { LoadMore } from '../LoadMore.tsx';

/** «Кто и когда обращался к данным» (152-ФЗ ст. 14): staff named by role and organization. */
export function AccessLog() {
  const query = useInfiniteQuery(accessLogQuery);
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-label="Кто и когда обращался к данным">
      <Title order={3} mb="xs">
        Кто и когда обращался к данным
      </Title>
      {query.isError && (
        <Alert color="red" mb="sm">
          {isApiError(query.error) ? query.error.detail : 'Не удалось загрузить журнал обращений'}
        </Alert>
      )}
      <Table striped withTableBorder fz="sm" verticalSpacing={6} data-testid="access-log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Дата и время</Table.Th>
            <Table.Th>Роль</Table.Th>
            <Table.Th>Организация</Table.Th>
            <Table.Th>Действие</Table.Th>
            <Table.Th>Чьи данные</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: log rows carry no id
            <Table.Tr key={`${r.at}-${r.subject.id}-${i}`}>
              <Table.Td>{formatDateTime(r.at)}</Table.Td>
              <Table.Td>{r.actorRole}</Table.Td>
              <Table.Td>{r.organization ?? '—'}</Table.Td>
              <Table.Td>{r.action}</Table.Td>
              <Table.Td>{r.subject.fullName}</Table.Td>
            </Table.Tr>
          ))}
          {!query.isPending && rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text c="dimmed" ta="center" py="sm">
                  Обращений к данным не было
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <LoadMore
        shown={rows.length}
        hasMore={!!query.hasNextPage}
        loading={query.isFetchingNextPage}
        onMore={() => void query.fetchNextPage()}
      />
    </section>
  );
}
