import { Alert, Badge, Button, Group, Table, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { hasCriteria, type PersonFilters, personsListQuery } from '../api/persons.ts';
import { formatDate } from '../components/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { DateField } from '../components/person/form/fields.tsx';
import { ageText, fullName, PERSON_ROLE_TITLES } from '../components/person/person-format.ts';
import { ListLoadError } from '../components/QueryError.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const route = getRouteApi('/app/persons');

type Draft = Required<Record<keyof PersonFilters, string>>;
const toDraft = (f: PersonFilters): Draft => ({
  q: f.q ?? '',
  snils: f.snils ?? '',
  document: f.document ?? '',
  birthDate: f.birthDate ?? '',
});

export function PersonsListPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const session = useSession();
  const [draft, setDraft] = useState<Draft>(() => toDraft(search));
  const query = useInfiniteQuery(personsListQuery(search));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const searching = hasCriteria(search);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next: PersonFilters = {};
    for (const [k, v] of Object.entries(draft)) if (v.trim()) next[k as keyof PersonFilters] = v.trim();
    void navigate({ search: next, replace: true });
  };
  const clear = () => {
    setDraft(toDraft({}));
    void navigate({ search: {}, replace: true });
  };
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (e: { currentTarget: { value: string } }) =>
      setDraft({ ...draft, [key]: e.currentTarget.value }),
  });

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Обучающиеся и законные представители
        </Title>
        {can(session, 'person.create') && <ButtonLink to="/persons/new">Добавить обучающегося</ButtonLink>}
      </Group>
      <form onSubmit={apply}>
        <Group gap="sm" mb="md" align="flex-end" role="search">
          <TextInput label="ФИО" placeholder="Фамилия имя отчество" w={280} {...field('q')} />
          <TextInput label="СНИЛС" placeholder="000-000-000 00" w={160} {...field('snils')} />
          <TextInput label="Номер документа" w={170} {...field('document')} />
          <div style={{ width: 160 }}>
            <DateField
              label="Дата рождения"
              value={draft.birthDate}
              onChange={(v) => setDraft({ ...draft, birthDate: v })}
            />
          </div>
          <Button type="submit">Найти</Button>
          <Button variant="default" onClick={clear}>
            Сбросить
          </Button>
        </Group>
      </form>
      {!searching && (
        <Alert color="gray" variant="light">
          Укажите ФИО, СНИЛС, номер документа или дату рождения и нажмите «Найти».
        </Alert>
      )}
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось выполнить поиск" />}
      {searching && (
        <>
          <Table
            striped
            highlightOnHover
            withTableBorder
            verticalSpacing={6}
            fz="sm"
            data-testid="persons-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>ФИО</Table.Th>
                <Table.Th>Дата рождения</Table.Th>
                <Table.Th>Возраст</Table.Th>
                <Table.Th>Организация</Table.Th>
                <Table.Th>Роль</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <AnchorLink to="/persons/$id" params={{ id: p.id }} size="sm">
                      {fullName(p)}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{formatDate(p.birthDate)}</Table.Td>
                  <Table.Td>{ageText(p.age)}</Table.Td>
                  <Table.Td>{p.organization ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {p.roles.map((r) => (
                        <Badge
                          key={r}
                          size="sm"
                          variant="light"
                          radius="sm"
                          color={r === 'learner' ? 'blue' : 'grape'}
                        >
                          {PERSON_ROLE_TITLES[r] ?? r}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
              {!query.isPending && rows.length === 0 && (
                <TableMessageRow colSpan={5}>Никого не найдено</TableMessageRow>
              )}
              {query.isPending && <TableMessageRow colSpan={5}>Поиск…</TableMessageRow>}
            </Table.Tbody>
          </Table>
          <LoadMore query={query} />
        </>
      )}
    </>
  );
}
