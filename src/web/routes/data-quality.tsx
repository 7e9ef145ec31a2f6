import { Alert, Group, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type DqScores, dqScoresQuery, useStartRun } from '../api/data-quality.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { FindingsList } from '../components/data-quality/FindingsList.tsx';
import { formatDate, formatDateTime } from '../components/format.ts';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { can, useSession } from '../components/session.ts';
import { effectiveScope } from './stat-forms.tsx';

const route = getRouteApi('/app/data-quality');

export type DataQualitySearch = { organizationId?: string | undefined; territoryId?: string | undefined };

const score = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(1));

/**
 * «Качество данных»: the last monthly control of the user's organization or territory — the score, its
 * trend, the organizations worst first — and an organization's findings to fix, with «Проверить снова».
 */
export function DataQualityPage() {
  const search = route.useSearch();
  const session = useSession();
  const navigate = route.useNavigate();
  const { scope } = effectiveScope(
    { ...search, by: search.organizationId ? 'organization' : search.territoryId ? 'territory' : undefined },
    session,
  );
  const scores = useQuery(dqScoresQuery(scope));
  const start = useStartRun();
  const findings = can(session, 'dataQuality.findings.read');
  const d = scores.data;
  const onStart = async () => {
    try {
      await start.mutateAsync();
      notifySuccess('Проверка запущена. Ход — на экране «Фоновые задачи».');
    } catch (e) {
      notifyError(e, 'Проверка не запущена');
    }
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h3">
            Качество данных
          </Title>
          {d?.run && (
            <Text size="sm" c="dimmed">
              Ежемесячная проверка за {formatDate(d.run.month).slice(3)}, завершена{' '}
              {formatDateTime(d.run.finishedAt)}
            </Text>
          )}
        </div>
        {can(session, 'dataQuality.run') && (
          <ConfirmButton
            variant="default"
            question="Запустить проверку качества данных всего региона сейчас?"
            confirmLabel="Запустить"
            onConfirm={onStart}
          >
            Запустить проверку
          </ConfirmButton>
        )}
      </Group>
      {(search.organizationId || search.territoryId) && (
        <AnchorLink to="/data-quality" search={{}}>
          ← К своей территории
        </AnchorLink>
      )}
      {scores.isError && <QueryError error={scores.error} onRetry={() => void scores.refetch()} />}
      {d && !d.run && <Alert color="gray">Проверок еще не было: первая пройдет 1-го числа месяца.</Alert>}
      {d?.run && d.summary && <Summary d={d} />}
      {d?.run && d.scope.kind === 'territory' && (
        <Organizations
          d={d}
          onOpen={findings ? (id) => void navigate({ search: { organizationId: id } }) : undefined}
        />
      )}
      {findings && scope.organizationId && (
        <FindingsList
          organizationId={scope.organizationId}
          canRecheck={can(session, 'dataQuality.recheck')}
        />
      )}
    </Stack>
  );
}

function Summary({ d }: { d: DqScores }) {
  const s = d.summary!;
  return (
    <Stack gap="xs">
      <Text>
        {d.scope.kind === 'organization' ? 'Организация' : 'Территория'}: <b>{d.scope.name}</b>
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="dq-summary">
        <Figure label="Оценка (из 100)" value={score(s.score)} />
        <Figure label="Обучающихся" value={String(s.learners)} />
        <Figure label="Ошибок" value={String(s.errors)} />
        <Figure label="Предупреждений" value={String(s.warnings)} />
      </SimpleGrid>
      {d.trend.length > 1 && (
        <Text size="sm" c="dimmed">
          Динамика оценки:{' '}
          {d.trend.map((t) => `${formatDate(t.month).slice(3)} — ${score(t.score)}`).join('; ')}
        </Text>
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </div>
  );
}

/** The worst fifty organizations of the territory (and its municipalities, when it has several). */
function Organizations({ d, onOpen }: { d: DqScores; onOpen: ((id: string) => void) | undefined }) {
  const shown = d.organizations.slice(0, 50);
  return (
    <Stack gap="xs">
      {d.municipalities.length > 1 && (
        <>
          <Title order={2} size="h4">
            Муниципалитеты
          </Title>
          <ScrollTable label="Муниципалитеты" minWidth={420}>
            <Table withTableBorder fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Муниципалитет</Table.Th>
                  <Table.Th ta="right">Обучающихся</Table.Th>
                  <Table.Th ta="right">Оценка</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.municipalities.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{m.name}</Table.Td>
                    <Table.Td ta="right">{m.learners}</Table.Td>
                    <Table.Td ta="right">{score(m.score)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
      <Title order={2} size="h4">
        Организации — сначала с худшей оценкой
      </Title>
      <ScrollTable label="Организации" minWidth={520}>
        <Table withTableBorder fz="sm" data-testid="dq-organizations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Организация</Table.Th>
              <Table.Th ta="right">Обучающихся</Table.Th>
              <Table.Th ta="right">Ошибок</Table.Th>
              <Table.Th ta="right">Предупреждений</Table.Th>
              <Table.Th ta="right">Оценка</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((o) => (
              <Table.Tr key={o.id} data-organization={o.id}>
                <Table.Td>
                  {onOpen ? (
                    <UnstyledButton className="stat-cell-link" onClick={() => onOpen(o.id)}>
                      {o.name}
                    </UnstyledButton>
                  ) : (
                    o.name
                  )}
                </Table.Td>
                <Table.Td ta="right">{o.learners}</Table.Td>
                <Table.Td ta="right">{o.errors}</Table.Td>
                <Table.Td ta="right">{o.warnings}</Table.Td>
                <Table.Td ta="right">{score(o.score)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {d.organizations.length > shown.length && (
        <Text size="sm" c="dimmed">
          Показаны 50 организаций с худшей оценкой из {d.organizations.length}.
        </Text>
      )}
    </Stack>
  );
}
