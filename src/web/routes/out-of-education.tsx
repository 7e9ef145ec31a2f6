import { Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import {
  casesQuery,
  casesXlsxUrl,
  KIND_TITLES,
  type OoeFilters,
  STATUS_TITLES,
} from '../api/out-of-education.ts';
import { formatDate } from '../components/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';
import { AnchorLink } from '../components/links.tsx';
import { CaseStatusBadge } from '../components/out-of-education/CaseStatusBadge.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const route = getRouteApi('/app/out-of-education');

const options = <T extends Record<string, string>>(titles: T) =>
  Object.entries(titles).map(([value, label]) => ({ value, label }));

/** The municipality's inbox: children found out of education, newest first, with filters and the lists for КДН/опека. */
export function OutOfEducationPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/out-of-education' });
  const filters: OoeFilters = search;
  const list = useInfiniteQuery(casesQuery(filters));
  const set = (patch: Partial<OoeFilters>) =>
    void navigate({ search: (s: OoeFilters) => ({ ...s, ...patch }), replace: true });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.totalCount;
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Дети, не получающие образование
        </Title>
        <Text c="dimmed">
          Выявленные случаи: не приступил к обучению, выбыл и не прибыл, прекратил посещение, не посещает
          детский сад. Проверьте каждый случай и доведите его до закрытия.
        </Text>
      </div>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Вид"
          placeholder="Все"
          clearable
          data={options(KIND_TITLES)}
          value={search.kind ?? null}
          onChange={(v) => set({ kind: (v ?? undefined) as OoeFilters['kind'] })}
          w={240}
        />
        <Select
          label="Статус"
          placeholder="Все"
          clearable
          data={[{ value: 'open', label: 'Все открытые' }, ...options(STATUS_TITLES)]}
          value={search.status ?? null}
          onChange={(v) => set({ status: (v ?? undefined) as OoeFilters['status'] })}
          w={200}
        />
        <Select
          label="Срок"
          placeholder="Любой"
          clearable
          data={[
            { value: 'true', label: 'Просрочен' },
            { value: 'false', label: 'Не просрочен' },
          ]}
          value={search.overdue ?? null}
          onChange={(v) => set({ overdue: (v ?? undefined) as OoeFilters['overdue'] })}
          w={160}
        />
        <Group gap="xs">
          <Button
            component="a"
            variant="default"
            href={casesXlsxUrl('kdn', filters)}
            data-testid="export-kdn"
          >
            Список для КДН (XLSX)
          </Button>
          <Button component="a" variant="default" href={casesXlsxUrl('guardianship', filters)}>
            Список для опеки (XLSX)
          </Button>
        </Group>
      </Group>
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить случаи" />}
      <ScrollTable label="Случаи" minWidth={900}>
        <Table striped highlightOnHover data-testid="ooe-cases">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Ребенок</Table.Th>
              <Table.Th>Дата рождения</Table.Th>
              <Table.Th>Вид</Table.Th>
              <Table.Th>Организация</Table.Th>
              <Table.Th>Статус</Table.Th>
              <Table.Th>Выявлен</Table.Th>
              <Table.Th>Срок</Table.Th>
              <Table.Th>Ответственный</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending && <TableMessageRow colSpan={8}>Загрузка…</TableMessageRow>}
            {!list.isPending && items.length === 0 && (
              <TableMessageRow colSpan={8}>Случаев по этим условиям нет</TableMessageRow>
            )}
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <AnchorLink to="/out-of-education/$id" params={{ id: c.id }}>
                    {[c.person.lastName, c.person.firstName, c.person.middleName].filter(Boolean).join(' ')}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDate(c.person.birthDate)}</Table.Td>
                <Table.Td>{KIND_TITLES[c.kind]}</Table.Td>
                <Table.Td>{c.organization?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <CaseStatusBadge status={c.status} />
                </Table.Td>
                <Table.Td>{formatDate(c.detectedOn)}</Table.Td>
                <Table.Td>
                  {c.deadline ? formatDate(c.deadline) : '—'}{' '}
                  {c.overdue && (
                    <Badge color="red" size="sm" variant="light">
                      просрочен
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.responsible?.name ?? (
                    <Text span c="dimmed">
                      не назначен
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore query={list} total={total} />
    </Stack>
  );
}
