import { Anchor, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { destructionActPdfUrl, destructionActsQuery } from '../api/privacy.ts';
import { formatDateTime } from '../components/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

/** «Акты уничтожения»: the register of acts of lawful destruction, each with its PDF. */
export function DestructionActsPage() {
  const query = useInfiniteQuery(destructionActsQuery());
  const acts = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Title order={1} size="h2" mb="xs">
        Акты уничтожения
      </Title>
      <Text mb="md" maw={720}>
        Каждое уничтожение персональных данных оформляется актом. Акт не называет человека: запись обозначена
        номером в реестре, по которому она сопоставляется с журналом аудита.
      </Text>
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить акты" />}
      <ScrollTable label="Реестр актов уничтожения" minWidth={820}>
        <Table striped withTableBorder fz="sm" verticalSpacing={6} data-testid="destruction-acts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Акт</Table.Th>
              <Table.Th>Дата и время</Table.Th>
              <Table.Th>Основание</Table.Th>
              <Table.Th>Кто уничтожил</Table.Th>
              <Table.Th>Уничтожено</Table.Th>
              <Table.Th>Файл</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {acts.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>№ {a.actNumber}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.performedAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{a.basisTitle}</Text>
                  {a.basisDetails && (
                    <Text size="xs" c="dimmed">
                      {a.basisDetails}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{a.performedBy?.fullName ?? '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">1 запись, категорий данных: {a.destroyedCategories.length}</Text>
                  <Text size="xs" c="dimmed">
                    № записи {a.personId}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor href={destructionActPdfUrl(a.id)} download size="sm">
                    Акт (PDF)
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
            {!query.isPending && !query.isError && acts.length === 0 && (
              <TableMessageRow colSpan={6}>Актов уничтожения нет</TableMessageRow>
            )}
            {query.isPending && <TableSkeletonRows colSpan={6} />}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {acts.length > 0 && <LoadMore query={query} />}
    </>
  );
}
