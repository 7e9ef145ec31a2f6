import { Badge, Breadcrumbs, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { PROGRAMME_LEVEL_TITLES } from '../../common/education-dictionary.ts';
import { type ProgrammeOption, programmesQuery } from '../api/education.ts';
import { call, client, path } from '../api/http.ts';
import { organizationQuery } from '../api/organizations.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { ProgrammeFormDialog } from '../components/programmes/ProgrammeFormDialog.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/organizations/$id/programmes');

const months = (n: number) => (n % 12 === 0 ? `${n / 12} г.` : `${Math.floor(n / 12)} г. ${n % 12} мес.`);

/** «Образовательные программы» of an organization: what its enrollments, classes and groups refer to. */
export function ProgrammesPage() {
  const { id } = route.useParams();
  const session = useSession();
  const org = useQuery(organizationQuery(id));
  const list = useQuery(programmesQuery(id));
  const [editing, setEditing] = useState<ProgrammeOption | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (pid: string) => call(client.DELETE('/api/v1/programmes/{id}', path({ id: pid }))),
    onSuccess: () => {
      notifySuccess('Программа удалена');
      void list.refetch();
    },
    onError: (e) => notifyError(e, 'Не удалось удалить программу'),
  });
  const mayWrite = can(session, 'programme.write');
  const cols = mayWrite ? 5 : 4;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Stack gap="md">
      <Breadcrumbs fz="sm">
        <AnchorLink to="/organizations/$id" params={{ id }}>
          {org.data?.shortName ?? 'Организация'}
        </AnchorLink>
        <span>Образовательные программы</span>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1} size="h2">
          Образовательные программы
        </Title>
        {mayWrite && org.data && <Button onClick={() => setEditing('new')}>Добавить программу</Button>}
      </Group>
      <ScrollTable label="Образовательные программы" minWidth={640}>
        <Table withTableBorder striped fz="sm" data-testid="programmes-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Наименование</Table.Th>
              <Table.Th>Уровень</Table.Th>
              <Table.Th>Срок</Table.Th>
              <Table.Th>Особенности</Table.Th>
              {mayWrite && <Table.Th>Действия</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isLoading && <TableSkeletonRows colSpan={cols} />}
            {list.data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={cols}>Программ пока нет</Table.Td>
              </Table.Tr>
            )}
            {list.data?.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.name}
                  {p.oksoCode && (
                    <Text size="xs" c="dimmed">
                      {p.oksoCode} {p.oksoName ?? ''}
                      {p.qualification ? `, квалификация: ${p.qualification}` : ''}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{PROGRAMME_LEVEL_TITLES[p.level]}</Table.Td>
                <Table.Td>{months(p.durationMonths)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {p.adapted && <Badge variant="light">адаптированная</Badge>}
                    {p.distance && <Badge variant="light">дистанционно</Badge>}
                    {p.baseGrade && <Badge variant="light">на базе {p.baseGrade} кл.</Badge>}
                  </Group>
                </Table.Td>
                {mayWrite && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(p)}>
                        Изменить
                      </Button>
                      <ConfirmButton
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        question={`Удалить программу «${p.name}»?`}
                        confirmLabel="Удалить"
                        onConfirm={() => remove.mutateAsync(p.id)}
                      >
                        Удалить
                      </ConfirmButton>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {editing && org.data && (
        <ProgrammeFormDialog
          organizationId={id}
          organizationKind={org.data.kind}
          programme={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => void list.refetch()}
        />
      )}
    </Stack>
  );
}
