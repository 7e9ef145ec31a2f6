import { Group, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type StatFormScope, statFormsQuery } from '../api/stat-forms.ts';
import type { Session } from '../api/types.ts';
import { DateField } from '../components/date/DateField.tsx';
import { formatDate } from '../components/format.ts';
import { ButtonLink } from '../components/links.tsx';
import { OrganizationPicker } from '../components/OrganizationPicker.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';
import { TerritorySelect } from '../components/TerritorySelect.tsx';

const route = getRouteApi('/app/stat-forms');

export type StatFormsSearch = StatFormScope & { by?: 'organization' | 'territory' | undefined };

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The node the user works at: their organization, else their municipality or region. */
function ownScope(session: Session | null) {
  const roles = session?.roles ?? [];
  const org = roles.find((r) => (r.role === 'org_admin' || r.role === 'org_operator') && r.scopeNodeId);
  const territory = roles.find(
    (r) =>
      (r.role === 'regional_operator' || r.role === 'municipal_specialist' || r.role === 'analyst') &&
      r.scopeNodeId,
  );
  return {
    organization: org ? { value: org.scopeNodeId!, label: org.scopeName ?? '' } : null,
    territoryId: territory?.scopeNodeId ?? null,
  };
}

/** The scope a form is opened with: what the page shows, defaulting to the user's own node. */
export function effectiveScope(search: StatFormsSearch, session: Session | null) {
  const own = ownScope(session);
  const by = search.by ?? (own.organization ? 'organization' : 'territory');
  const scope: StatFormScope =
    by === 'organization'
      ? { organizationId: search.organizationId ?? own.organization?.value }
      : { territoryId: search.territoryId ?? own.territoryId ?? undefined };
  if (search.asOf) scope.asOf = search.asOf;
  return { by, scope, own };
}

/**
 * «Статистические формы»: the forms the registry computes, each edition with its approving order. The
 * clerk picks the organization or territory and the reference date, then opens a form.
 */
export function StatFormsPage() {
  const search = route.useSearch();
  const session = useSession();
  const navigate = useNavigate({ from: '/stat-forms' });
  const forms = useQuery(statFormsQuery);
  const set = (patch: Partial<StatFormsSearch>) =>
    void navigate({ search: (s: StatFormsSearch) => ({ ...s, ...patch }), replace: true });
  const { by, scope, own } = effectiveScope(search, session);
  const ready = !!(scope.organizationId || scope.territoryId);
  const items = forms.data?.items ?? [];
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Статистические формы
        </Title>
        <Text c="dimmed">
          Формы федерального статистического наблюдения, рассчитанные по данным реестра. Выберите организацию
          или территорию и отчетную дату, затем откройте форму.
        </Text>
      </div>
      <Group align="flex-end" gap="md" wrap="wrap">
        <Radio.Group
          label="Рассчитать по"
          value={by}
          onChange={(v) => set({ by: v as StatFormsSearch['by'] })}
        >
          <Group gap="md" mt={8} mb={8}>
            <Radio value="organization" label="организации" />
            <Radio value="territory" label="территории" />
          </Group>
        </Radio.Group>
        <div style={{ flex: '1 1 280px', maxWidth: 420 }}>
          {by === 'organization' ? (
            <OrganizationPicker
              label="Организация"
              required
              value={scope.organizationId ?? null}
              initialOption={
                own.organization && own.organization.value === scope.organizationId ? own.organization : null
              }
              onChange={(v) => set({ organizationId: v ?? undefined })}
            />
          ) : (
            <TerritorySelect
              label="Территория"
              kinds={['region', 'municipality']}
              required
              value={scope.territoryId ?? null}
              onChange={(v) => set({ territoryId: v ?? undefined })}
            />
          )}
        </div>
        <DateField
          label="Отчетная дата"
          description="Пусто — по правилу формы"
          maxToday
          value={search.asOf ?? ''}
          onChange={(v) => set({ asOf: ISO.test(v) ? v : undefined })}
        />
      </Group>
      {forms.isError && <ListLoadError error={forms.error} fallback="Не удалось загрузить формы" />}
      <ScrollTable label="Формы" minWidth={720}>
        <Table striped withTableBorder data-testid="stat-forms">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Форма</Table.Th>
              <Table.Th>Редакция</Table.Th>
              <Table.Th>Утверждена</Table.Th>
              <Table.Th>Отчетная дата</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {forms.isPending && <TableMessageRow colSpan={4}>Загрузка…</TableMessageRow>}
            {!forms.isPending && items.length === 0 && (
              <TableMessageRow colSpan={4}>Форм нет</TableMessageRow>
            )}
            {items.map((f) => (
              <Table.Tr key={`${f.code}/${f.edition}`} data-form={`${f.code}/${f.edition}`}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {f.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    Разделы: {f.sections.map((s) => s.code).join(', ')}
                  </Text>
                  <ButtonLink
                    size="xs"
                    mt="xs"
                    to="/stat-forms/$code/$edition"
                    params={{ code: f.code, edition: f.edition }}
                    search={scope}
                    disabled={!ready}
                    aria-disabled={!ready}
                    onClick={(e) => {
                      if (!ready) e.preventDefault();
                    }}
                  >
                    Рассчитать
                  </ButtonLink>
                </Table.Td>
                <Table.Td>{f.edition}</Table.Td>
                <Table.Td>
                  <Text size="sm">{f.approvedBy.title}</Text>
                  <Text size="xs" c="dimmed">
                    {[
                      f.approvedBy.authority,
                      f.approvedBy.date && formatDate(f.approvedBy.date),
                      f.approvedBy.number && `№ ${f.approvedBy.number}`,
                    ]
                      .filter(Boolean)
                      .join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{f.referenceDate.label}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {!ready && (
        <Text size="sm" c="dimmed">
          Выберите {by === 'organization' ? 'организацию' : 'территорию'}, чтобы рассчитать форму.
        </Text>
      )}
    </Stack>
  );
}
