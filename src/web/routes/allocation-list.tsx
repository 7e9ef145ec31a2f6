import { Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { RUN_KIND_TITLES } from '../../common/queue-dictionary.ts';
import { runsQuery, usePrepareRun } from '../api/allocation.ts';
import { RunStatusBadge } from '../components/allocation/allocation-format.tsx';
import { DateField } from '../components/date/DateField.tsx';
import { FormAlerts } from '../components/FormAlerts.tsx';
import { formatDate, formatDateTime, today } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { AnchorLink } from '../components/links.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';
import { TerritorySelect } from '../components/TerritorySelect.tsx';
import { titleOptions, useServerErrors } from '../components/useServerErrors.ts';

const COLS = 6;

/** The next 1 September: the usual reference date of a main run. */
const nextSeptember = () => {
  const t = today();
  return `${Number(t.slice(0, 4)) + (t.slice(5) >= '09-01' ? 1 : 0)}-09-01`;
};

/** «Комплектование»: the municipality's runs, and a new one prepared from the groups of the year. */
export function AllocationListPage() {
  const session = useSession();
  const runs = useQuery(runsQuery());
  const mayRun = can(session, 'allocation.run');
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Комплектование детских садов
        </Title>
        <Text c="dimmed">
          Распределение свободных мест между заявлениями очереди: подготовка мест, расчет, проверка и
          утверждение с выдачей направлений.
        </Text>
      </div>
      {mayRun && <PrepareForm />}
      {runs.isError && <ListLoadError error={runs.error} fallback="Не удалось загрузить комплектования" />}
      <ScrollTable label="Комплектования" minWidth={760}>
        <Table withTableBorder striped highlightOnHover fz="sm" verticalSpacing={6} data-testid="runs-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Комплектование</Table.Th>
              <Table.Th>Муниципалитет</Table.Th>
              <Table.Th>Состояние</Table.Th>
              <Table.Th>Заявлений</Table.Th>
              <Table.Th>Направлено</Table.Th>
              <Table.Th>Создано</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.isPending && <TableSkeletonRows colSpan={COLS} />}
            {runs.isSuccess && runs.data.items.length === 0 && (
              <TableMessageRow colSpan={COLS}>Комплектований еще не было</TableMessageRow>
            )}
            {runs.data?.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <AnchorLink to="/allocation/$id" params={{ id: r.id }}>
                    {RUN_KIND_TITLES[r.kind]} на {formatDate(r.referenceDate)}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{r.municipalityName}</Table.Td>
                <Table.Td>
                  <RunStatusBadge status={r.status} />
                </Table.Td>
                <Table.Td>{r.stats?.applications ?? '—'}</Table.Td>
                <Table.Td>{r.stats ? r.stats.placed + r.stats.offered : '—'}</Table.Td>
                <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

function PrepareForm() {
  const navigate = useNavigate();
  const prepare = usePrepareRun();
  const [municipalityId, setMunicipality] = useState<string | null>(null);
  const [kind, setKind] = useState<'main' | 'top_up'>('main');
  const [referenceDate, setReferenceDate] = useState(nextSeptember());
  const server = useServerErrors(() => ['municipalityId', 'kind', 'referenceDate']);
  const submit = async () => {
    if (!municipalityId) return;
    try {
      const run = await prepare.mutateAsync({ municipalityId, kind, referenceDate });
      await navigate({ to: '/allocation/$id', params: { id: run.id } });
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Новое комплектование
        </Title>
        <FormAlerts generalErrors={server.general} conflict={server.conflict} onReload={() => {}} />
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TerritorySelect
            label="Муниципалитет"
            kinds={['municipality']}
            required
            value={municipalityId}
            onChange={setMunicipality}
            error={server.errors.municipalityId}
            w={320}
          />
          <LabeledSelect
            label="Вид"
            required
            data={titleOptions(RUN_KIND_TITLES)}
            value={kind}
            onChange={(v) => setKind((v ?? 'main') as 'main' | 'top_up')}
            error={server.errors.kind}
            style={{ width: 240 }}
          />
          <DateField
            label="Возраст детей на дату"
            required
            value={referenceDate}
            onChange={setReferenceDate}
            error={server.errors.referenceDate}
            description="Обычно 1 сентября"
          />
        </Group>
        <Group>
          <Button onClick={submit} loading={prepare.isPending} disabled={!municipalityId}>
            Подготовить места
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
