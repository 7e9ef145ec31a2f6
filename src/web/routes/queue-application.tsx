import { Badge, Button, Card, Group, List, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import {
  GROUP_FOCUS_TITLES,
  IMPAIRMENT_TYPE_TITLES,
  STAY_MODE_TITLES,
} from '../../common/education-dictionary.ts';
import { APPLICATION_STATUS_TITLES, RIGHT_TITLES } from '../../common/queue-dictionary.ts';
import { type Application, applicationQuery } from '../api/queue.ts';
import { formatDate, formatDateTime } from '../components/format.ts';
import { InfoGrid } from '../components/InfoGrid.tsx';
import { AnchorLink } from '../components/links.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { ApplicationTransferAction } from '../components/queue/ApplicationTransfer.tsx';
import { ApplicationStatusBadge, WRAPPING } from '../components/queue/queue-format.tsx';
import { RightDecisionDialog } from '../components/queue/RightDecisionDialog.tsx';
import { canMoveByHand, StatusDialog } from '../components/queue/StatusDialog.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/queue/$id');

type Person = Application['child'];
const fio = (p: Person) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
const RIGHT_STATE = { pending: 'на проверке', confirmed: 'подтверждена', rejected: 'отказано' } as const;
const RIGHT_COLOR = { pending: 'orange', confirmed: 'teal', rejected: 'red' } as const;

/** The application card: what was asked for, the claimed rights with their decision, and the history. */
export function QueueApplicationPage() {
  const { id } = route.useParams();
  const session = useSession();
  const q = useQuery(applicationQuery(id));
  const [statusOpen, setStatusOpen] = useState(false);
  const [deciding, setDeciding] = useState<{ rightId: string; decision: 'confirmed' | 'rejected' } | null>(
    null,
  );
  if (q.isPending) return <CardSkeleton />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data;
  const mayReview = can(session, 'application.review');
  const right = deciding ? a.rights.find((r) => r.id === deciding.rightId) : undefined;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Заявление № {a.number}
          </Title>
          <Group gap="xs" mt={4}>
            <ApplicationStatusBadge status={a.status} />
            <Text size="sm" c="dimmed">
              зарегистрировано {formatDateTime(a.registeredAt)} · код ЕПГУ {a.epguCode}
            </Text>
          </Group>
        </div>
        <Group gap="xs">
          <ApplicationTransferAction application={a} />
          {mayReview && canMoveByHand(a.status) && (
            <Button variant="default" onClick={() => setStatusOpen(true)}>
              Сменить статус
            </Button>
          )}
        </Group>
      </Group>

      <Card withBorder>
        <InfoGrid
          items={[
            {
              label: 'Ребёнок',
              value: (
                <AnchorLink to="/persons/$id" params={{ id: a.child.id }}>
                  {fio(a.child)}
                </AnchorLink>
              ),
            },
            { label: 'Дата рождения', value: formatDate(a.child.birthDate) },
            {
              label: 'Заявитель',
              value: (
                <AnchorLink to="/persons/$id" params={{ id: a.applicant.id }}>
                  {fio(a.applicant)}
                </AnchorLink>
              ),
            },
            { label: 'Желаемая дата приёма', value: formatDate(a.desiredOn) },
            {
              label: 'Направленность группы',
              value: [
                GROUP_FOCUS_TITLES[a.groupFocus],
                a.impairmentType ? IMPAIRMENT_TYPE_TITLES[a.impairmentType] : null,
              ]
                .filter(Boolean)
                .join(', '),
            },
            {
              label: 'Заключение ПМПК',
              value: a.pmpkNumber ? `№ ${a.pmpkNumber} от ${formatDate(a.pmpkDate)}` : null,
            },
            { label: 'Режим пребывания', value: STAY_MODE_TITLES[a.stayMode] },
            { label: 'Язык обучения', value: a.language },
            { label: 'Согласие на другие детские сады', value: a.acceptsAlternatives ? 'да' : 'нет' },
          ]}
        />
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Детские сады по приоритету
        </Title>
        <List type="ordered" spacing={4}>
          {a.preferences.map((p) => (
            <List.Item key={p.organizationId}>
              <AnchorLink to="/organizations/$id" params={{ id: p.organizationId }}>
                {p.name}
              </AnchorLink>
            </List.Item>
          ))}
        </List>
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Льготы
        </Title>
        {a.rights.length === 0 ? (
          <Text size="sm">Льгота не заявлена: {RIGHT_TITLES.general}.</Text>
        ) : (
          <ScrollTable label="Льготы" minWidth={640}>
            <Table fz="sm" verticalSpacing={6} data-testid="rights-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Категория</Table.Th>
                  <Table.Th>Документ</Table.Th>
                  <Table.Th>Решение</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.rights.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      {RIGHT_TITLES[r.right]}
                      <Text size="xs" c="dimmed">
                        {r.categoryTitle}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {r.documentTitle}
                      {r.documentNumber ? ` № ${r.documentNumber}` : ''}
                      <Text size="xs" c="dimmed">
                        от {formatDate(r.documentIssuedOn)}
                        {r.validTo ? `, действует до ${formatDate(r.validTo)}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={RIGHT_COLOR[r.status]} variant="light" tt="none" styles={WRAPPING}>
                        {RIGHT_STATE[r.status]}
                      </Badge>
                      {r.decisionReason && (
                        <Text size="xs" c="dimmed">
                          {r.decisionReason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {mayReview && r.status === 'pending' && (
                        <Group gap={6} wrap="nowrap">
                          <Button
                            size="xs"
                            color="teal"
                            onClick={() => setDeciding({ rightId: r.id, decision: 'confirmed' })}
                          >
                            Подтвердить
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setDeciding({ rightId: r.id, decision: 'rejected' })}
                          >
                            Отказать
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          История заявления
        </Title>
        <Timeline
          bulletSize={14}
          lineWidth={2}
          active={a.events.length - 1}
          data-testid="application-history"
        >
          {a.events.map((e) => (
            <Timeline.Item key={e.id} title={APPLICATION_STATUS_TITLES[e.status]}>
              <Text size="sm">{e.reason}</Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(e.at)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </Card>

      {statusOpen && <StatusDialog application={a} onClose={() => setStatusOpen(false)} />}
      {deciding && right && (
        <RightDecisionDialog
          application={a}
          right={right}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
        />
      )}
    </Stack>
  );
}
