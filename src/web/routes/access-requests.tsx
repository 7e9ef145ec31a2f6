import {
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { RELATION_TITLES, type Relation } from '../../common/person-dictionary.ts';
import {
  type AccessRequest,
  accessRequestsQuery,
  type Box,
  type StatusFilter,
  useDecideAccessRequest,
} from '../api/access-requests.ts';
import { formatDate, formatDateTime } from '../components/format.ts';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const STATUS: Record<AccessRequest['status'], { label: string; color: string }> = {
  pending: { label: 'Ожидает решения', color: 'yellow' },
  approved: { label: 'Одобрен', color: 'green' },
  rejected: { label: 'Отклонен', color: 'red' },
  cancelled: { label: 'Отозван', color: 'gray' },
};

/** What is asked: enrolling the person, or linking them as a representative of a learner. */
function Subject({ r }: { r: AccessRequest }) {
  const who = r.person ? (
    <AnchorLink to="/persons/$id" params={{ id: r.person.id }}>
      {r.person.fullName}
    </AnchorLink>
  ) : (
    <Text span c="dimmed">
      сведения откроются после одобрения
    </Text>
  );
  if (r.kind === 'enroll')
    return (
      <Stack gap={0}>
        <Text size="sm">Зачисление: {who}</Text>
        {r.person && <Text size="xs">{formatDate(r.person.birthDate)}</Text>}
        <Text size="xs" c="dimmed">
          в {r.organization?.name ?? '—'} с {formatDate(r.startedOn)}
        </Text>
      </Stack>
    );
  return (
    <Stack gap={0}>
      <Text size="sm">
        {RELATION_TITLES[r.relation as Relation] ?? 'Представитель'}: {who}
      </Text>
      <Text size="xs" c="dimmed">
        обучающегося {r.learner ? `${r.learner.fullName}, ${formatDate(r.learner.birthDate)}` : '—'}
      </Text>
    </Stack>
  );
}

/**
 * Access requests: incoming ones the organization decides on (like a transfer between schools),
 * outgoing ones it sent for records outside its scope.
 */
export function AccessRequestsPage() {
  const [box, setBox] = useState<Box>('incoming');
  const [status, setStatus] = useState<StatusFilter>('pending');
  const query = useQuery(accessRequestsQuery(box, status));
  const decide = useDecideAccessRequest();
  const [rejecting, setRejecting] = useState<AccessRequest | null>(null);
  const [reason, setReason] = useState('');
  const rows = query.data ?? [];

  const act = async (r: AccessRequest, action: 'approve' | 'reject' | 'cancel', why?: string) => {
    try {
      await decide.mutateAsync({ id: r.id, action, ...(why ? { reason: why } : {}) });
      notifySuccess(
        { approve: 'Запрос одобрен', reject: 'Запрос отклонен', cancel: 'Запрос отозван' }[action],
      );
      setRejecting(null);
      setReason('');
    } catch (err) {
      notifyError(err, 'Не удалось выполнить действие');
    }
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Запросы доступа
        </Title>
        <Group gap="sm">
          <SegmentedControl
            value={box}
            onChange={(v) => setBox(v as Box)}
            data={[
              { value: 'incoming', label: 'Входящие' },
              { value: 'outgoing', label: 'Исходящие' },
            ]}
          />
          <SegmentedControl
            value={status}
            onChange={setStatus}
            data={[
              { value: 'pending', label: 'Ожидают решения' },
              { value: 'all', label: 'Все' },
            ]}
          />
        </Group>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {box === 'incoming'
          ? 'Другие организации просят зачислить ваших обучающихся или указать их представителей. Одобрение сразу выполняет зачисление или связь.'
          : 'Ваши запросы по записям вне вашей области доступа. Сведения о человеке откроются после одобрения.'}
      </Text>
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить запросы" />}
      {/* On a phone the table scrolls inside its frame instead of widening the page. */}
      <ScrollTable label="Запросы доступа" minWidth={760}>
        <Table withTableBorder striped fz="sm" verticalSpacing={6} data-testid="access-requests">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Дата</Table.Th>
              {box === 'incoming' && <Table.Th>От кого</Table.Th>}
              <Table.Th>Запрос</Table.Th>
              <Table.Th>Комментарий</Table.Th>
              <Table.Th>Статус</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.isPending && <TableSkeletonRows colSpan={6} />}
            {query.isSuccess && rows.length === 0 && (
              <TableMessageRow colSpan={6}>Запросов нет</TableMessageRow>
            )}
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                {box === 'incoming' && <Table.Td>{r.requester ?? '—'}</Table.Td>}
                <Table.Td>
                  <Subject r={r} />
                </Table.Td>
                <Table.Td>
                  {r.comment ?? '—'}
                  {r.reason && (
                    <Text size="xs" c="dimmed">
                      Решение: {r.reason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS[r.status].color} variant="light" style={{ overflow: 'visible' }}>
                    {STATUS[r.status].label}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {r.allowedActions.includes('approve') && (
                      <Button
                        size="xs"
                        color="green"
                        loading={decide.isPending}
                        onClick={() => void act(r, 'approve')}
                      >
                        Одобрить
                      </Button>
                    )}
                    {r.allowedActions.includes('reject') && (
                      <Button size="xs" variant="light" color="red" onClick={() => setRejecting(r)}>
                        Отклонить
                      </Button>
                    )}
                    {r.allowedActions.includes('cancel') && (
                      <Button size="xs" variant="default" onClick={() => void act(r, 'cancel')}>
                        Отозвать
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Modal opened={!!rejecting} onClose={() => setRejecting(null)} title="Отклонить запрос">
        <Stack gap="sm">
          <Textarea
            label="Причина"
            description="Ее увидит организация, направившая запрос"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRejecting(null)}>
              Отмена
            </Button>
            <Button
              color="red"
              disabled={reason.trim().length < 5}
              loading={decide.isPending}
              onClick={() => void act(rejecting!, 'reject', reason.trim())}
            >
              Отклонить
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
