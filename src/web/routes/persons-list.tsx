import { Alert, Badge, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { organizationQuery } from '../api/organizations.ts';
import { hasCriteria, type PersonFilters, personsListQuery } from '../api/persons.ts';
import { formatDate } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { ListTitle } from '../components/ListTitle.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { OrganizationPicker, orgName } from '../components/OrganizationPicker.tsx';
import { DateField } from '../components/person/form/fields.tsx';
import { ageText, fullName, personRoleTitle } from '../components/person/person-format.ts';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const route = getRouteApi('/app/persons');

type TextFilter = 'q' | 'snils' | 'document' | 'birthDate';
type Draft = Record<TextFilter, string>;
const toDraft = (f: PersonFilters): Draft => ({
  q: f.q ?? '',
  snils: f.snils ?? '',
  document: f.document ?? '',
  birthDate: f.birthDate ?? '',
});

const ROLE_OPTIONS = [
  { value: 'learner', label: 'Обучающиеся' },
  { value: 'representative', label: 'Законные представители' },
];

/** The organization filter; a link with an organization in it shows that organization's name. */
function OrganizationFilter({ value, onChange }: { value?: string; onChange: (id?: string) => void }) {
  const chosen = useQuery({ ...organizationQuery(value ?? ''), enabled: !!value });
  if (value && chosen.isPending) return <TextInput label="Организация" w={300} disabled value="…" readOnly />;
  const initial = value && chosen.data ? { value, label: orgName(chosen.data) } : null;
  return (
    <div style={{ width: 300, maxWidth: '100%' }}>
      <OrganizationPicker
        key={initial?.value ?? 'none'}
        label="Организация"
        value={value ?? null}
        initialOption={initial}
        onChange={(id) => onChange(id ?? undefined)}
      />
    </div>
  );
}

export function PersonsListPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const session = useSession();
  const [draft, setDraft] = useState<Draft>(() => toDraft(search));
  const query = useInfiniteQuery(personsListQuery(search));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.totalCount ?? undefined;
  const searching = hasCriteria(search);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next: PersonFilters = { organizationId: search.organizationId, role: search.role };
    for (const [k, v] of Object.entries(draft)) if (v.trim()) next[k as TextFilter] = v.trim();
    void navigate({ search: next, replace: true });
  };
  // The organization and the role narrow at once, like the filters of the other lists.
  const narrow = (patch: Pick<PersonFilters, 'organizationId' | 'role'>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const clear = () => {
    setDraft(toDraft({}));
    void navigate({ search: {}, replace: true });
  };
  const field = (key: TextFilter) => ({
    value: draft[key],
    onChange: (e: { currentTarget: { value: string } }) =>
      setDraft({ ...draft, [key]: e.currentTarget.value }),
  });

  return (
    <>
      <Group justify="space-between" mb="md">
        <ListTitle
          title="Обучающиеся и законные представители"
          total={searching ? total : undefined}
          totalLabel="Найдено:"
        />
        {can(session, 'person.create') && <ButtonLink to="/persons/new">Добавить обучающегося</ButtonLink>}
      </Group>
      <form onSubmit={apply}>
        <Group gap="sm" mb="md" align="flex-end" role="search">
          <TextInput
            label="ФИО"
            placeholder="Фамилия имя отчество"
            description="Можно так: Иванова М.П."
            w={280}
            {...field('q')}
          />
          <TextInput label="СНИЛС" placeholder="000-000-000 00" w={160} {...field('snils')} />
          <TextInput label="Номер документа" w={170} {...field('document')} />
          <div style={{ width: 160 }}>
            <DateField
              label="Дата рождения"
              value={draft.birthDate}
              onChange={(v) => setDraft({ ...draft, birthDate: v })}
            />
          </div>
          <OrganizationFilter
            value={search.organizationId}
            onChange={(id) => narrow({ organizationId: id })}
          />
          <LabeledSelect
            label="Роль"
            w={230}
            clearable
            placeholder="Все"
            data={ROLE_OPTIONS}
            value={search.role ?? null}
            onChange={(v) => narrow({ role: (v as PersonFilters['role'] | null) ?? undefined })}
          />
          <Button type="submit">Найти</Button>
          <Button variant="default" onClick={clear}>
            Сбросить
          </Button>
        </Group>
      </form>
      {!searching && (
        <Alert color="gray" variant="light">
          Укажите ФИО (можно «Фамилия И.О.»), СНИЛС, номер документа, дату рождения или организацию и нажмите
          «Найти». Сначала показываются самые точные совпадения, при равной точности — по алфавиту.
        </Alert>
      )}
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось выполнить поиск" />}
      {searching && (
        <>
          <ScrollTable label="Найденные люди" minWidth={720}>
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
                    <Table.Td>
                      {p.organization ?? '—'}
                      {p.organizationTerritory && (
                        <Text span size="xs" c="dimmed" display="block">
                          {p.organizationTerritory}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {p.roles.map((r) => (
                          <Badge
                            key={r}
                            size="sm"
                            variant="light"
                            radius="sm"
                            tt="none"
                            color={r === 'learner' ? 'blue' : 'grape'}
                          >
                            {personRoleTitle(r, p.sex)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {!query.isPending && rows.length === 0 && (
                  <TableMessageRow colSpan={5}>Никого не найдено</TableMessageRow>
                )}
                {query.isPending && <TableSkeletonRows colSpan={5} />}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <LoadMore query={query} total={total} />
        </>
      )}
    </>
  );
}
