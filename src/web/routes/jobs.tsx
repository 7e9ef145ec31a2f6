import { Alert, Badge, Button, Card, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { isActive, type Job, type JobState, jobsQuery, useCancelJob } from '../api/jobs.ts';
import { formatDateTime } from '../components/format.ts';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { ListSkeleton } from '../components/Skeletons.tsx';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const STATES: Record<JobState, { label: string; color: string }> = {
  queued: { label: 'В очереди', color: 'gray' },
  running: { label: 'Выполняется', color: 'blue' },
  retrying: { label: 'Ожидает повтора', color: 'yellow' },
  completed: { label: 'Завершена', color: 'green' },
  failed: { label: 'Ошибка', color: 'red' },
  cancelled: { label: 'Отменена', color: 'gray' },
};

function JobStateBadge({ state }: { state: JobState }) {
  const s = STATES[state];
  return (
    <Badge color={s.color} variant="light" style={{ flexShrink: 0, overflow: 'visible' }}>
      {s.label}
    </Badge>
  );
}

const percent = (job: Job) =>
  job.progress.total ? Math.round((job.progress.done / job.progress.total) * 100) : 0;

/** «Фоновые задачи»: jobs at work with their progress, then the finished ones with their results. */
export function JobsPage() {
  const query = useQuery(jobsQuery());
  const jobs = query.data?.items ?? [];
  const active = jobs.filter(isActive);
  const finished = jobs.filter((j) => !isActive(j));

  return (
    <>
      <Title order={1} size="h2" mb="md">
        Фоновые задачи
      </Title>
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить задачи" />}
      <Title order={2} size="h4" mb="xs">
        Выполняются
      </Title>
      <Stack gap="sm" mb="lg" data-testid="active-jobs">
        {active.map((job) => (
          <ActiveJob key={job.id} job={job} />
        ))}
        {query.isPending && <ListSkeleton />}
        {!query.isPending && active.length === 0 && (
          <Text c="dimmed" size="sm">
            Сейчас задачи не выполняются
          </Text>
        )}
      </Stack>
      <Title order={2} size="h4" mb="xs">
        Завершенные
      </Title>
      <ScrollTable label="Завершенные задачи" minWidth={720}>
        <Table striped withTableBorder fz="sm" verticalSpacing={6} data-testid="finished-jobs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Задача</Table.Th>
              <Table.Th w={150}>Состояние</Table.Th>
              <Table.Th>Запущена</Table.Th>
              <Table.Th>Завершена</Table.Th>
              <Table.Th>Итог</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {finished.map((job) => (
              <Table.Tr key={job.id}>
                <Table.Td>
                  <Text size="sm">{job.title}</Text>
                  <Text size="xs" c="dimmed">
                    {job.owner?.fullName ?? 'по расписанию'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <JobStateBadge state={job.state} />
                </Table.Td>
                <Table.Td>{formatDateTime(job.startedAt ?? job.createdAt)}</Table.Td>
                <Table.Td>{formatDateTime(job.finishedAt)}</Table.Td>
                <Table.Td>{job.summary ?? job.error ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
            {!query.isPending && finished.length === 0 && (
              <TableMessageRow colSpan={5}>Завершенных задач нет</TableMessageRow>
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </>
  );
}

function ActiveJob({ job }: { job: Job }) {
  const cancel = useCancelJob();
  const value = percent(job);
  const onCancel = async () => {
    try {
      await cancel.mutateAsync(job.id);
      notifySuccess(job.state === 'running' ? 'Задача остановится на ближайшем шаге' : 'Задача отменена');
    } catch (err) {
      notifyError(err, 'Не удалось отменить задачу');
    }
  };
  const steps = job.progress.total ? `${job.progress.done} из ${job.progress.total}` : 'подготовка';
  return (
    <Card withBorder padding="sm" data-testid="active-job">
      <Group justify="space-between" wrap="wrap" gap="xs" mb={6}>
        <Group gap="xs">
          <Text fw={500}>{job.title}</Text>
          <JobStateBadge state={job.state} />
        </Group>
        {job.canCancel && (
          <Button size="compact-sm" variant="default" loading={cancel.isPending} onClick={onCancel}>
            Отменить
          </Button>
        )}
      </Group>
      <Progress
        value={value}
        size="lg"
        animated={job.state === 'running'}
        aria-label={`${job.title}: выполнено ${value}%`}
      />
      <Group justify="space-between" mt={6} gap="xs">
        <Text size="xs" c="dimmed">
          Шаг {steps} · {value}%
        </Text>
        <Text size="xs" c="dimmed">
          {job.owner?.fullName ?? 'по расписанию'} · запущена {formatDateTime(job.startedAt ?? job.createdAt)}
        </Text>
      </Group>
      {job.cancelRequested && (
        <Text size="xs" mt={4}>
          Отмена запрошена: задача остановится на ближайшем шаге
        </Text>
      )}
      {job.error && (
        <Alert color="yellow" mt="xs" p="xs">
          {job.error}
          {job.state === 'retrying' ? ' Задача будет повторена автоматически.' : ''}
        </Alert>
      )}
    </Card>
  );
}
