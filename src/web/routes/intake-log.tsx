import { Badge, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { INTAKE_KIND_TITLES, type IntakeBatch, intakeLogQuery } from '../api/intake.ts';
import { formatDateTime } from '../components/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';
import { OrganizationPicker } from '../components/OrganizationPicker.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const kindTitle = (k: string) => INTAKE_KIND_TITLES[k] ?? k;

function BatchRow({ b }: { b: IntakeBatch }) {
  return (
    <>
      <Table.Tr>
        <Table.Td>{formatDateTime(b.receivedAt)}</Table.Td>
        <Table.Td>{kindTitle(b.kind)}</Table.Td>
        <Table.Td ta="right">{b.items}</Table.Td>
        <Table.Td ta="right">{b.accepted}</Table.Td>
        <Table.Td ta="right">{b.inserted}</Table.Td>
        <Table.Td ta="right">{b.updated}</Table.Td>
        <Table.Td ta="right">
          {b.rejected > 0 ? (
            <Badge color="red" variant="light">
              {b.rejected}
            </Badge>
          ) : (
            0
          )}
        </Table.Td>
      </Table.Tr>
      {b.errors.length > 0 && (
        <Table.Tr>
          <Table.Td colSpan={7}>
            <Stack gap={2}>
              {b.errors.slice(0, 5).map((e) => (
                <Text size="xs" c="red.8" key={e.index}>
                  Элемент {e.index + 1}
                  {e.sourceId ? ` (${e.sourceId})` : ''}: {e.message}
                </Text>
              ))}
              {b.rejected > 5 && (
                <Text size="xs" c="dimmed">
                  и еще {b.rejected - 5}; все причины — в ответе на пакет и в API журнала
                </Text>
              )}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/**
 * «Журнал приема»: what the organizations' e-journals sent — per organization and source system the last
 * batch and the totals, then the batches with their first rejected items and reasons. The organization
 * sees its own systems; the municipality and the region see their organizations'.
 */
export function IntakeLogPage() {
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const filter = {
    organizationId: organizationId ?? undefined,
    kind: (kind ?? undefined) as IntakeBatch['kind'] | undefined,
  };
  const log = useInfiniteQuery(intakeLogQuery(filter));
  const sources = log.data?.pages[0]?.sources ?? [];
  const batches = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Журнал приема данных
        </Title>
        <Text c="dimmed">
          Пакеты посещаемости, отметок и достижений от электронных журналов организаций: сколько принято и
          почему отклонены элементы.
        </Text>
      </div>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <OrganizationPicker
          label="Организация"
          value={organizationId}
          onChange={(v) => setOrganizationId(v)}
        />
        <Select
          label="Вид данных"
          placeholder="Все"
          clearable
          w={200}
          value={kind}
          onChange={setKind}
          data={Object.entries(INTAKE_KIND_TITLES).map(([value, label]) => ({ value, label }))}
        />
      </Group>
      {log.isError && <ListLoadError error={log.error} fallback="Не удалось загрузить журнал приема" />}
      <Title order={2} size="h4">
        Источники
      </Title>
      <ScrollTable label="Источники данных" minWidth={760}>
        <Table striped withTableBorder data-testid="intake-sources">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Организация</Table.Th>
              <Table.Th>Система</Table.Th>
              <Table.Th>Данные</Table.Th>
              <Table.Th>Последний пакет</Table.Th>
              <Table.Th ta="right">Принято / отклонено в нем</Table.Th>
              <Table.Th ta="right">Всего принято / отклонено</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sources.length === 0 ? (
              <TableMessageRow colSpan={6}>
                {log.isPending ? 'Загрузка…' : 'Пакетов от электронных журналов еще не было'}
              </TableMessageRow>
            ) : (
              sources.map((x) => (
                <Table.Tr key={`${x.organizationId}-${x.sourceSystem}-${x.kind}`}>
                  <Table.Td>{x.organizationName}</Table.Td>
                  <Table.Td>{x.sourceSystem}</Table.Td>
                  <Table.Td>{kindTitle(x.kind)}</Table.Td>
                  <Table.Td>{formatDateTime(x.lastAt)}</Table.Td>
                  <Table.Td ta="right">
                    {x.lastAccepted} / {x.lastRejected}
                  </Table.Td>
                  <Table.Td ta="right">
                    {x.totalAccepted} / {x.totalRejected}
                  </Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Title order={2} size="h4">
        Пакеты
      </Title>
      <ScrollTable label="Пакеты" minWidth={640}>
        <Table withTableBorder data-testid="intake-batches">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Получен</Table.Th>
              <Table.Th>Данные</Table.Th>
              <Table.Th ta="right">Элементов</Table.Th>
              <Table.Th ta="right">Принято</Table.Th>
              <Table.Th ta="right">Новых</Table.Th>
              <Table.Th ta="right">Изменено</Table.Th>
              <Table.Th ta="right">Отклонено</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {batches.length === 0 ? (
              <TableMessageRow colSpan={7}>{log.isPending ? 'Загрузка…' : 'Пакетов нет'}</TableMessageRow>
            ) : (
              batches.map((b) => <BatchRow key={b.id} b={b} />)
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore query={log} />
    </Stack>
  );
}
