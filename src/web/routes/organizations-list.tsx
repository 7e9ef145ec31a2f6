import { Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { type OrganizationFilters, organizationsListQuery } from '../api/organizations.ts';
import type { OrganizationKind, OrganizationStatus } from '../api/types.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { ListTitle } from '../components/ListTitle.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { ORG_KIND_LABELS, ORG_KIND_SHORT, ORG_STATUS_LABELS, toOptions } from '../components/labels.ts';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { OrgStatusBadge } from '../components/StatusBadge.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';
import { TerritorySelect } from '../components/TerritorySelect.tsx';

const route = getRouteApi('/app/organizations');

const TEXT_FILTERS = ['q', 'inn', 'ogrn'] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];

/** Keeps typed text locally and pushes it into the URL after a pause. */
function useTextFilters(search: OrganizationFilters, apply: (patch: OrganizationFilters) => void) {
  const [text, setText] = useState<Record<TextFilter, string>>({
    q: search.q ?? '',
    inn: search.inn ?? '',
    ogrn: search.ogrn ?? '',
  });
  const [debounced] = useDebouncedValue(text, 400);
  useEffect(() => {
    const patch: OrganizationFilters = {};
    let changed = false;
    for (const key of TEXT_FILTERS) {
      const value = debounced[key].trim() || undefined;
      if (value !== search[key]) {
        patch[key] = value;
        changed = true;
      }
    }
    if (changed) apply(patch);
  }, [debounced, search, apply]);
  return [text, setText] as const;
}

export function OrganizationsListPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const session = useSession();
  const [apply] = useState(
    () => (patch: OrganizationFilters) =>
      void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true }),
  );
  const [text, setText] = useTextFilters(search, apply);
  const query = useInfiniteQuery(organizationsListQuery(search));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.totalCount;

  return (
    <>
      <Group justify="space-between" mb="md">
        <ListTitle title="Организации" total={total} />
        {can(session, 'organization.create') && (
          <ButtonLink to="/organizations/new">Добавить организацию</ButtonLink>
        )}
      </Group>
      <Group gap="sm" mb="md" align="flex-end" role="search">
        <TextInput
          label="Поиск"
          placeholder="Например, СОШ 4 или д/с 2"
          w={260}
          value={text.q}
          onChange={(e) => setText({ ...text, q: e.currentTarget.value })}
        />
        <TextInput
          label="ИНН"
          w={140}
          value={text.inn}
          onChange={(e) => setText({ ...text, inn: e.currentTarget.value })}
        />
        <TextInput
          label="ОГРН"
          w={160}
          value={text.ogrn}
          onChange={(e) => setText({ ...text, ogrn: e.currentTarget.value })}
        />
        <LabeledSelect
          label="Вид"
          w={220}
          clearable
          placeholder="Все"
          data={toOptions(ORG_KIND_LABELS)}
          value={search.kind ?? null}
          onChange={(v) => apply({ kind: (v as OrganizationKind | null) ?? undefined })}
        />
        <TerritorySelect
          label="Муниципалитет"
          w={240}
          placeholder="Все"
          value={search.territoryId ?? null}
          onChange={(v) => apply({ territoryId: v ?? undefined })}
        />
        <LabeledSelect
          label="Статус"
          w={170}
          clearable
          placeholder="Все"
          data={toOptions(ORG_STATUS_LABELS)}
          value={search.status ?? null}
          onChange={(v) => apply({ status: (v as OrganizationStatus | null) ?? undefined })}
        />
      </Group>
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить список" />}
      <ScrollTable label="Организации" minWidth={600}>
        <Table
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={6}
          fz="sm"
          data-testid="organizations-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Краткое наименование</Table.Th>
              <Table.Th>Вид</Table.Th>
              <Table.Th>ИНН</Table.Th>
              <Table.Th>Статус</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((org) => (
              <Table.Tr key={org.id}>
                <Table.Td>
                  <AnchorLink to="/organizations/$id" params={{ id: org.id }} size="sm">
                    {org.shortName || org.fullName}
                  </AnchorLink>
                  {org.parentOrganizationId && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      филиал
                    </Text>
                  )}
                  {/* Beside the name, not in a column of its own: a region has several «МБОУ СОШ № 4», and
                      on a phone a far column is scrolled out of sight. */}
                  <Text size="xs" c="dimmed" data-testid="org-territory">
                    {org.territoryName}
                  </Text>
                </Table.Td>
                <Table.Td title={ORG_KIND_LABELS[org.kind]}>{ORG_KIND_SHORT[org.kind] ?? org.kind}</Table.Td>
                <Table.Td ff="monospace">{org.inn}</Table.Td>
                <Table.Td>
                  <OrgStatusBadge status={org.status} />
                </Table.Td>
              </Table.Tr>
            ))}
            {!query.isPending && rows.length === 0 && (
              <TableMessageRow colSpan={4}>Организации не найдены</TableMessageRow>
            )}
            {query.isPending && <TableSkeletonRows colSpan={4} />}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore query={query} total={total} />
    </>
  );
}
