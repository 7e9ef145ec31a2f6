import { Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { caseQuery, KIND_TITLES, type OoeCase, STATUS_TITLES } from '../api/out-of-education.ts';
import { formatDate, formatDateTime } from '../components/format.ts';
import { InfoGrid } from '../components/InfoGrid.tsx';
import { AnchorLink } from '../components/links.tsx';
import { CaseActions } from '../components/out-of-education/CaseActions.tsx';
import { CaseStatusBadge } from '../components/out-of-education/CaseStatusBadge.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { useSession } from '../components/session.ts';

const route = getRouteApi('/app/out-of-education/$id');

const ACTIONS = {
  detected: 'Выявлен',
  status: 'Смена статуса',
  assigned: 'Назначен ответственный',
  deadline: 'Изменен срок',
  note: 'Заметка',
  auto_closed: 'Закрыт автоматически',
} as const;

/** What the finding rests on, in words: days, percent, the check date, the transfer. */
function evidenceText(c: OoeCase): string {
  const e = c.evidence as Record<string, string | number | undefined>;
  if (e.rule === 'consecutive')
    return `${e.days} дн. подряд без уважительной причины (${formatDate(String(e.from))} – ${formatDate(String(e.to))})`;
  if (e.rule === 'month')
    return `${e.month}: пропущено ${e.missed} из ${e.days} учебных дней (${e.percent} %)`;
  if (e.checkDate) return `Нет зачисления в школу на ${formatDate(String(e.checkDate))} и позже`;
  if (e.workingDaysWaiting !== undefined)
    return `Переведен в «${e.toOrganization}», не зачислен ${e.workingDaysWaiting} раб. дн. (приказ № ${e.orderNumber})`;
  return '—';
}

/** One case: the child, what was found, the work on it and its full history. */
export function OutOfEducationCasePage() {
  const { id } = route.useParams();
  const session = useSession();
  const card = useQuery(caseQuery(id));
  if (card.isError) return <QueryError error={card.error} onRetry={() => void card.refetch()} />;
  const c = card.data;
  if (!c) return <Text>Загрузка…</Text>;
  const name = [c.person.lastName, c.person.firstName, c.person.middleName].filter(Boolean).join(' ');
  return (
    <Stack gap="md">
      <AnchorLink to="/out-of-education">← Все случаи</AnchorLink>
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          {name}
        </Title>
        <CaseStatusBadge status={c.status} />
        {c.overdue && <Badge color="red">Срок истек</Badge>}
      </Group>
      <Card withBorder padding="md">
        <InfoGrid
          items={[
            { label: 'Вид', value: KIND_TITLES[c.kind] },
            { label: 'Дата рождения', value: formatDate(c.person.birthDate) },
            { label: 'Муниципалитет', value: c.municipality.name },
            { label: 'Организация', value: c.organization?.name ?? '—' },
            { label: 'Выявлен', value: formatDate(c.detectedOn) },
            { label: 'Срок', value: c.deadline ? formatDate(c.deadline) : '—' },
            { label: 'Ответственный', value: c.responsible?.name ?? 'не назначен' },
            { label: 'Основание', value: evidenceText(c), span: true },
          ]}
        />
      </Card>
      {c.canWrite && c.status !== 'closed' && <CaseActions c={c} meId={session?.user.id ?? null} />}
      <Title order={2} size="h4">
        История
      </Title>
      <ScrollTable label="История случая" minWidth={720}>
        <Table data-testid="ooe-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Когда</Table.Th>
              <Table.Th>Кто</Table.Th>
              <Table.Th>Действие</Table.Th>
              <Table.Th>Изменение</Table.Th>
              <Table.Th>Заметка</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.history.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{e.user?.name ?? 'Система'}</Table.Td>
                <Table.Td>{ACTIONS[e.action]}</Table.Td>
                <Table.Td>
                  {e.toStatus
                    ? `${e.fromStatus ? `${STATUS_TITLES[e.fromStatus]} → ` : ''}${STATUS_TITLES[e.toStatus]}`
                    : e.action === 'assigned'
                      ? (e.responsible?.name ?? 'снят')
                      : e.action === 'deadline'
                        ? e.deadline
                          ? formatDate(e.deadline)
                          : 'без срока'
                        : ''}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{e.note ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}
