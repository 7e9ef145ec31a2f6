import { Alert, Anchor, Button, Code, Group, Loader, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { RUN_KIND_TITLES } from '../../common/queue-dictionary.ts';
import { runDocumentUrl, runJobQuery, runQuery, useRunAction } from '../api/allocation.ts';
import { ApproveRunDialog } from '../components/allocation/ApproveRunDialog.tsx';
import { RunStatusBadge } from '../components/allocation/allocation-format.tsx';
import { DiscardRunDialog } from '../components/allocation/DiscardRunDialog.tsx';
import { RunGroupsTable } from '../components/allocation/RunGroupsTable.tsx';
import { RunOutcomesTable } from '../components/allocation/RunOutcomesTable.tsx';
import { formatDate, formatDateTime } from '../components/format.ts';
import { InfoGrid } from '../components/InfoGrid.tsx';
import { ButtonLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/allocation/$id');
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One run: its free places, the computation, the outcome per group and per application, approval. */
export function AllocationRunPage() {
  const { id } = route.useParams();
  const session = useSession();
  const run = useQuery(runQuery(id));
  const start = useRunAction(id, 'start');
  const [dialog, setDialog] = useState<'approve' | 'discard' | null>(null);
  if (run.isError) return <QueryError error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data;
  if (!r) return <Loader aria-label="Загрузка" />;
  const mayRun = can(session, 'allocation.run');
  const computed = r.inputSha256 !== null;
  const s = r.stats;
  const startRun = async () => {
    try {
      await start.mutateAsync({ version: r.version });
      notifySuccess('Расчет запущен');
    } catch (e) {
      notifyError(e, 'Не удалось запустить расчет');
    }
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            {capitalized(RUN_KIND_TITLES[r.kind] ?? r.kind)} на {formatDate(r.referenceDate)}
          </Title>
          <Group gap="xs">
            <Text c="dimmed">{r.municipalityName}</Text>
            <RunStatusBadge status={r.status} />
          </Group>
        </div>
        <Group gap="xs">
          <ButtonLink to="/allocation" variant="default">
            Все комплектования
          </ButtonLink>
          {mayRun && r.status === 'preparing' && (
            <Button onClick={startRun} loading={start.isPending}>
              Запустить расчет
            </Button>
          )}
          {can(session, 'allocation.approve') && r.status === 'draft' && (
            <Button onClick={() => setDialog('approve')}>Утвердить</Button>
          )}
          {mayRun && ['preparing', 'draft', 'failed'].includes(r.status) && (
            <Button color="red" variant="light" onClick={() => setDialog('discard')}>
              Отменить
            </Button>
          )}
          {r.status === 'approved' && (
            <ButtonLink to="/referrals" search={{ runId: r.id }} variant="light">
              Направления
            </ButtonLink>
          )}
        </Group>
      </Group>
      {r.status === 'preparing' && (
        <Alert color="blue" title="Подготовка">
          Проверьте свободные места: их можно уменьшить (группа на ремонте, выпуск в школу) или увеличить до
          расчета. В расчет войдут заявления со статусами «В очереди», «Ожидает подтверждения льготы» и
          «Желает сменить детский сад», с желаемой датой не позднее {formatDate(r.referenceDate)}.
        </Alert>
      )}
      {r.status === 'running' && <RunningAlert jobId={r.jobId} />}
      {r.status === 'failed' && (
        <Alert color="red" title="Расчет не выполнен">
          {r.failure}
        </Alert>
      )}
      {r.status === 'discarded' && (
        <Alert color="gray" title="Комплектование отменено">
          {r.failure}
        </Alert>
      )}
      <InfoGrid
        cols={4}
        items={[
          { label: 'Возраст детей на', value: formatDate(r.referenceDate) },
          { label: 'Заявлений в расчете', value: s ? String(s.applications) : '—' },
          { label: 'Направлено в выбранные сады', value: s ? String(s.placed) : '—' },
          { label: 'Предложены иные сады', value: s ? String(s.offered) : '—' },
          { label: 'Без места', value: s ? String(s.applications - s.placed - s.offered) : '—' },
          { label: 'Очередь зафиксирована', value: formatDateTime(r.computedAt) },
          { label: 'Решение', value: formatDateTime(r.decidedAt) },
          { label: 'Срок направления, дней', value: r.referralDays ? String(r.referralDays) : '—' },
        ]}
      />
      {computed && (
        <Stack gap={4}>
          <Group gap="md" wrap="wrap">
            <Anchor href={runDocumentUrl(r.id, 'protocol.xlsx')} download>
              Протокол (XLSX)
            </Anchor>
            <Anchor href={runDocumentUrl(r.id, 'protocol.pdf')} download>
              Протокол (PDF)
            </Anchor>
            <Anchor href={runDocumentUrl(r.id, 'snapshot.json')} download>
              Входные данные (JSON)
            </Anchor>
            <Anchor href={runDocumentUrl(r.id, 'result.json')} download>
              Результат (JSON)
            </Anchor>
          </Group>
          <Text size="xs" c="dimmed">
            SHA-256 входных данных: <Code style={{ wordBreak: 'break-all' }}>{r.inputSha256}</Code>. Проверка:{' '}
            <Code>npm run allocate -- --input snapshot.json</Code> дает тот же результат байт в байт.
          </Text>
        </Stack>
      )}
      <Title order={2} size="h3">
        Группы
      </Title>
      <RunGroupsTable run={r} />
      {computed && (
        <>
          <Title order={2} size="h3">
            Итоги по заявлениям
          </Title>
          <RunOutcomesTable runId={r.id} />
        </>
      )}
      {dialog === 'approve' && <ApproveRunDialog run={r} onClose={() => setDialog(null)} />}
      {dialog === 'discard' && <DiscardRunDialog run={r} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

/** The computation's steps from its job: snapshot, allocation, outcomes, done. */
function RunningAlert({ jobId }: { jobId: string | null }) {
  const job = useQuery(runJobQuery(jobId));
  const p = job.data?.progress;
  const value = p?.total ? Math.round((100 * p.done) / p.total) : 0;
  return (
    <Alert color="orange" title="Идет расчет" icon={<Loader size="xs" />}>
      <Stack gap={6}>
        <Text size="sm">Расчет выполняется в фоне; страница обновится сама.</Text>
        <Progress value={value} size="lg" animated aria-label={`Расчет: выполнено ${value}%`} />
      </Stack>
    </Alert>
  );
}
