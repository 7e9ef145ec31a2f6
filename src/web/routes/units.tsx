import { Breadcrumbs, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { PROGRAMME_LEVEL_TITLES, UNIT_KIND_TITLES } from '../../common/education-dictionary.ts';
import type { UnitOption } from '../api/education.ts';
import { call, client, path } from '../api/http.ts';
import { organizationQuery } from '../api/organizations.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { formatDate, today } from '../components/format.ts';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { can, useSession } from '../components/session.ts';
import { UnitFormDialog } from '../components/units/UnitFormDialog.tsx';

const unitsRoute = getRouteApi('/app/organizations/$id/units');
type Unit = UnitOption;
const unitRoute = getRouteApi('/app/units/$id');

/** «Классы и группы» of an organization in one academic year, with counts on a date and totals by level. */
export function UnitsPage() {
  const { id } = unitsRoute.useParams();
  const session = useSession();
  const years = useQuery({
    queryKey: ['academic-years'],
    queryFn: () => call(client.GET('/api/v1/academic-years')),
  });
  const [yearId, setYearId] = useState<string | null>(null);
  const [asOf, setAsOf] = useState(today());
  const current = yearId ?? years.data?.items.find((y) => y.current)?.id ?? years.data?.items[0]?.id ?? null;
  const list = useQuery({
    queryKey: ['contingent-by-unit', id, current, asOf],
    enabled: !!current,
    queryFn: () =>
      call(
        client.GET('/api/v1/organizations/{id}/contingent-by-unit', {
          params: { path: { id }, query: { yearId: current ?? undefined, asOf: asOf || undefined } },
        }),
      ),
  });
  const items = years.data?.items ?? [];
  const index = items.findIndex((y) => y.id === current);
  const previous = index >= 0 ? items[index + 1] : undefined;
  const copy = useMutation({
    mutationFn: () =>
      call(
        client.POST('/api/v1/organizations/{id}/units/copy', {
          params: { path: { id } },
          body: { fromYearId: previous!.id, toYearId: current! },
        }),
      ),
    onSuccess: (r) => {
      notifySuccess(r.message);
      void list.refetch();
    },
    onError: (e) => notifyError(e, 'Не удалось скопировать классы'),
  });
  const org = useQuery(organizationQuery(id));
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (unitId: string) => call(client.DELETE('/api/v1/units/{id}', path({ id: unitId }))),
    onSuccess: () => {
      notifySuccess('Удалено');
      void list.refetch();
    },
    onError: (e) => notifyError(e, 'Не удалось удалить'),
  });
  const mayWrite = can(session, 'unit.write');
  if (years.isError) return <QueryError error={years.error} onRetry={() => void years.refetch()} />;
  return (
    <Stack gap="md">
      <Breadcrumbs fz="sm">
        <AnchorLink to="/organizations/$id" params={{ id }}>
          Организация
        </AnchorLink>
        <span>Классы и группы</span>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1} size="h2">
          Классы и группы
        </Title>
        <Group gap="xs">
          {mayWrite && current && org.data && (
            <Button onClick={() => setEditing('new')}>Добавить класс (группу)</Button>
          )}
          {mayWrite && previous && (
            <Button variant="default" loading={copy.isPending} onClick={() => copy.mutate()}>
              Скопировать классы прошлого года
            </Button>
          )}
          {can(session, 'promotion.run') && (
            <ButtonLink to="/promotion" search={{ organizationId: id }} variant="default">
              Перевод на следующий год
            </ButtonLink>
          )}
        </Group>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Учебный год"
          data={items.map((y) => ({ value: y.id, label: y.name }))}
          value={current}
          onChange={setYearId}
          allowDeselect={false}
          w={160}
        />
        <TextInput
          label="На дату"
          type="date"
          value={asOf}
          onChange={(e) => setAsOf(e.currentTarget.value)}
          w={180}
        />
      </Group>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <ScrollTable label="Классы и группы" minWidth={560}>
        <Table withTableBorder striped fz="sm" data-testid="units-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Название</Table.Th>
              <Table.Th>Вид</Table.Th>
              <Table.Th>Обучающихся</Table.Th>
              <Table.Th>Наполняемость</Table.Th>
              {mayWrite && <Table.Th>Действия</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={mayWrite ? 5 : 4}>Классов и групп в этом году нет</Table.Td>
              </Table.Tr>
            )}
            {list.data?.items.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <AnchorLink to="/units/$id" params={{ id: u.id }}>
                    {u.name}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{UNIT_KIND_TITLES[u.kind]}</Table.Td>
                <Table.Td>{u.learners}</Table.Td>
                <Table.Td>{u.capacity ?? '—'}</Table.Td>
                {mayWrite && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(u)}>
                        Изменить
                      </Button>
                      {u.learners === 0 && (
                        <ConfirmButton
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          question={`Удалить ${u.name}?`}
                          confirmLabel="Удалить"
                          onConfirm={() => remove.mutateAsync(u.id)}
                        >
                          Удалить
                        </ConfirmButton>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {list.data?.totals.byLevel.map((t) => (
              <Table.Tr key={t.level} fw={600}>
                <Table.Td colSpan={2}>Итого: {PROGRAMME_LEVEL_TITLES[t.level as 'noo'] ?? t.level}</Table.Td>
                <Table.Td>{t.learners}</Table.Td>
                <Table.Td>{t.capacity}</Table.Td>
                {mayWrite && <Table.Td />}
              </Table.Tr>
            ))}
            {list.data && (
              <Table.Tr fw={700}>
                <Table.Td colSpan={2}>Всего</Table.Td>
                <Table.Td>{list.data.totals.overall.learners}</Table.Td>
                <Table.Td>{list.data.totals.overall.capacity}</Table.Td>
                {mayWrite && <Table.Td />}
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {editing && current && org.data && (
        <UnitFormDialog
          organizationId={id}
          organizationKind={org.data.kind}
          academicYearId={current}
          unit={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => void list.refetch()}
        />
      )}
    </Stack>
  );
}

/** A unit's learner list as of a date. */
export function UnitPage() {
  const { id } = unitRoute.useParams();
  const [asOf, setAsOf] = useState(today());
  const list = useQuery({
    queryKey: ['unit-learners', id, asOf],
    queryFn: () =>
      call(
        client.GET('/api/v1/units/{id}/learners', {
          params: { path: { id }, query: { asOf: asOf || undefined } },
        }),
      ),
  });
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const unit = list.data?.unit;
  return (
    <Stack gap="md">
      {unit && (
        <Breadcrumbs fz="sm">
          <AnchorLink to="/organizations/$id/units" params={{ id: unit.organizationId }}>
            Классы и группы
          </AnchorLink>
          <span>{unit.name}</span>
        </Breadcrumbs>
      )}
      <Title order={1} size="h2">
        {unit ? `${UNIT_KIND_TITLES[unit.kind]} ${unit.name}` : ' '}
      </Title>
      <TextInput
        label="Список на дату"
        type="date"
        value={asOf}
        onChange={(e) => setAsOf(e.currentTarget.value)}
        w={180}
      />
      <Text c="dimmed">Обучающихся: {list.data?.items.length ?? '…'}</Text>
      <ScrollTable label="Обучающиеся" minWidth={480}>
        <Table withTableBorder striped fz="sm" data-testid="unit-learners">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={48}>№</Table.Th>
              <Table.Th>ФИО</Table.Th>
              <Table.Th>Дата рождения</Table.Th>
              <Table.Th>Статус</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((i, n) => (
              <Table.Tr key={i.enrollmentId}>
                <Table.Td>{n + 1}</Table.Td>
                <Table.Td>
                  <AnchorLink to="/persons/$id" params={{ id: i.personId }}>
                    {[i.lastName, i.firstName, i.middleName].filter(Boolean).join(' ')}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDate(i.birthDate)}</Table.Td>
                <Table.Td>{i.status === 'academic_leave' ? 'Академический отпуск' : 'Обучается'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}
