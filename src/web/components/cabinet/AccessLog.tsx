import { Table, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { accessLogQuery } from '../../api/citizen.ts';
import { formatDateTime } from '../format.ts';
import { LoadMore } from '../LoadMore.tsx';
import { ListLoadError } from '../QueryError.tsx';
import { TableMessageRow } from '../TableMessageRow.tsx';

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
        <ListLoadError error={query.error} fallback="Не удалось загрузить журнал обращений" mb="sm" />
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
            <TableMessageRow colSpan={5} py="sm">
              Обращений к данным не было
            </TableMessageRow>
          )}
        </Table.Tbody>
      </Table>
      <LoadMore query={query} />
    </section>
  );
}
