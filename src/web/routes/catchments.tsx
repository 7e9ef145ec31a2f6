import { Badge, Button, Group, List, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type Catchment, catchmentsQuery } from '../api/catchments.ts';
import { CatchmentDialog } from '../components/catchments/CatchmentDialog.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { useOwnMunicipality } from '../components/queue/own-municipality.ts';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';
import { TerritorySelect } from '../components/TerritorySelect.tsx';

const route = getRouteApi('/app/catchments');
const COLS = 5;

/**
 * «Закреплённые территории»: the settlements of a municipality fixed to its kindergartens by the
 * municipality's act, with the nearest catchments in the order the allocation offers places in them.
 */
export function CatchmentsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/catchments' });
  const session = useSession();
  const own = useOwnMunicipality();
  const municipalityId = search.municipalityId ?? own?.id ?? null;
  const list = useQuery(catchmentsQuery(municipalityId));
  const [editing, setEditing] = useState<Catchment | 'new' | null>(null);
  const items = list.data ?? [];
  const names = new Map(items.map((c) => [c.id, c.name]));
  const mayWrite = can(session, 'catchment.write');

  const reload = async () => {
    const fresh = await list.refetch();
    if (editing && editing !== 'new') setEditing(fresh.data?.find((c) => c.id === editing.id) ?? null);
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Закреплённые территории
        </Title>
        <Text c="dimmed">
          Населённые пункты, закреплённые за детскими садами. По адресу ребёнка заявление предлагает детские
          сады его территории, при комплектовании места предлагаются сначала в соседних территориях.
        </Text>
      </div>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <TerritorySelect
          label="Муниципалитет"
          kinds={['municipality']}
          required
          value={municipalityId}
          onChange={(id) => void navigate({ search: { municipalityId: id ?? undefined }, replace: true })}
          w={360}
        />
        {mayWrite && municipalityId && <Button onClick={() => setEditing('new')}>Добавить территорию</Button>}
      </Group>
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить территории" />}
      {municipalityId && (
        <ScrollTable label="Закреплённые территории" minWidth={880}>
          <Table withTableBorder striped fz="sm" verticalSpacing={6} data-testid="catchments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Территория</Table.Th>
                <Table.Th>ОКТМО</Table.Th>
                <Table.Th>Детские сады</Table.Th>
                <Table.Th>Соседние территории</Table.Th>
                {/* Relative, so that the hidden caption stays inside the scrolling frame. */}
                <Table.Th pos="relative">
                  <VisuallyHidden>Действия</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.isPending && <TableSkeletonRows colSpan={COLS} />}
              {list.isSuccess && items.length === 0 && (
                <TableMessageRow colSpan={COLS}>
                  У муниципалитета пока нет закреплённых территорий
                </TableMessageRow>
              )}
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td fw={500}>{c.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {c.oktmo.length === 0 && '—'}
                      {c.oktmo.map((code) => (
                        <Badge key={code} variant="light" color="gray" radius="sm" tt="none" ff="monospace">
                          {code}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{c.kindergartens.map((k) => k.name).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    {c.neighbours.length === 0 ? (
                      '—'
                    ) : (
                      <List type="ordered" size="sm" spacing={0}>
                        {c.neighbours.map((id) => (
                          <List.Item key={id}>{names.get(id) ?? '—'}</List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {mayWrite && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setEditing(c)}
                        aria-label={`Изменить территорию «${c.name}»`}
                      >
                        Изменить
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {editing && municipalityId && (
        <CatchmentDialog
          key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`}
          municipalityId={municipalityId}
          catchment={editing === 'new' ? null : editing}
          others={items}
          onClose={() => setEditing(null)}
          onReload={() => void reload()}
        />
      )}
    </Stack>
  );
}
