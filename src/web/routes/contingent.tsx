import {
  Button,
  Group,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type ContingentItem,
  type ContingentStatus,
  contingentQuery,
  contingentXlsxUrl,
} from '../api/contingent.ts';
import { formatDate } from '../components/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const ORG_ROLES = new Set(['org_admin', 'org_operator']);

const fullName = (i: ContingentItem) => [i.lastName, i.firstName, i.middleName].filter(Boolean).join(' ');

/** The school's or kindergarten's own learners: where its staff land after signing in. */
export function ContingentPage() {
  const session = useSession();
  const orgs = (session?.roles ?? [])
    .filter((r) => ORG_ROLES.has(r.role) && r.scopeNodeId)
    .map((r) => ({ value: r.scopeNodeId!, label: r.scopeName ?? 'Организация' }));
  const unique = [...new Map(orgs.map((o) => [o.value, o])).values()];
  const [orgId, setOrgId] = useState<string | null>(unique[0]?.value ?? null);
  const [status, setStatus] = useState<ContingentStatus>('current');
  const [q, setQ] = useState('');
  const [query] = useDebouncedValue(q.trim(), 300);
  const list = useInfiniteQuery({ ...contingentQuery(orgId ?? '', status, query), enabled: !!orgId });
  const first = list.data?.pages[0];
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = first
    ? status === 'current'
      ? first.totals.current
      : status === 'left'
        ? first.totals.left
        : first.totals.current + first.totals.left
    : undefined;

  if (!orgId) return <Text>Нет организации, контингент которой вы ведете.</Text>;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Контингент
          </Title>
          <Text c="dimmed">
            {first ? `${first.organization.shortName}, ${first.organization.territoryName}` : ' '}
          </Text>
        </div>
        <Group gap="xs">
          {can(session, 'person.create') && <ButtonLink to="/persons/new">Добавить обучающегося</ButtonLink>}
          <Button component="a" variant="default" href={contingentXlsxUrl(orgId, status, query)} download>
            Скачать XLSX
          </Button>
        </Group>
      </Group>
      {unique.length > 1 && (
        <Select
          label="Организация"
          data={unique}
          value={orgId}
          onChange={setOrgId}
          allowDeselect={false}
          maw={420}
        />
      )}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          value={status}
          onChange={(v) => setStatus(v as ContingentStatus)}
          data={[
            { value: 'current', label: `Обучаются${first ? ` · ${first.totals.current}` : ''}` },
            { value: 'left', label: `Выбыли${first ? ` · ${first.totals.left}` : ''}` },
            { value: 'all', label: 'Все' },
          ]}
          aria-label="Кого показать"
        />
        <TextInput
          label="Поиск по ФИО"
          placeholder="Например, Иванова"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 300 }}
        />
      </Group>
      {list.isError && (
        <ListLoadError error={list.error} fallback="Не удалось загрузить список обучающихся" />
      )}
      <ScrollTable label="Обучающиеся" minWidth={640}>
        <Table
          withTableBorder
          striped
          highlightOnHover
          fz="sm"
          verticalSpacing={6}
          data-testid="contingent-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={48}>№</Table.Th>
              <Table.Th>ФИО</Table.Th>
              <Table.Th>Дата рождения</Table.Th>
              <Table.Th>Зачислен(а)</Table.Th>
              {status !== 'current' && <Table.Th>Выбыл(а)</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending &&
              [0, 1, 2, 3, 4].map((k) => (
                <Table.Tr key={k}>
                  <Table.Td colSpan={status !== 'current' ? 5 : 4}>
                    <Skeleton height={14} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {!list.isPending && items.length === 0 && (
              <TableMessageRow colSpan={status !== 'current' ? 5 : 4}>
                {query ? 'Никого не найдено' : status === 'left' ? 'Выбывших нет' : 'Обучающихся нет'}
              </TableMessageRow>
            )}
            {items.map((i, n) => (
              <Table.Tr key={i.enrollmentId}>
                <Table.Td>{n + 1}</Table.Td>
                <Table.Td>
                  <AnchorLink to="/persons/$id" params={{ id: i.personId }}>
                    {fullName(i)}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDate(i.birthDate)}</Table.Td>
                <Table.Td>{formatDate(i.startedOn)}</Table.Td>
                {status !== 'current' && <Table.Td>{formatDate(i.endedOn)}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore query={list} total={total} />
    </Stack>
  );
}
