import {
  Alert,
  Anchor,
  Button,
  Card,
  Container,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { APPLICATION_STATUS_TITLES } from '../../common/queue-dictionary.ts';
import { isApiError } from '../api/http.ts';
import { publicPositionQuery } from '../api/queue.ts';
import { formatDate, formatDateTime } from '../components/format.ts';
import { ApplicationStatusBadge } from '../components/queue/queue-format.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';

const route = getRouteApi('/queue-position');

/**
 * «Узнать место в очереди» without signing in: the number from the registration notice gives the
 * status, its history, and how many applications rank ahead in each chosen kindergarten. Nothing on
 * the page names the child.
 */
export function QueuePositionPage() {
  const { number = '' } = route.useSearch();
  const navigate = useNavigate({ from: '/queue-position' });
  const [typed, setTyped] = useState(number);
  const q = useQuery(publicPositionQuery(number));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: { number: typed.trim() || undefined } });
  };
  const wrongFormat = number !== '' && !/^\d{8}-\d{1,12}$/.test(number);
  const p = q.data;
  return (
    <Container size="md" py="xl" component="main" id="main">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            Место в очереди в детский сад
          </Title>
          <Text c="dimmed">
            Введите номер заявления из уведомления о регистрации. Личные данные ребёнка на странице не
            показываются.
          </Text>
        </div>
        <form onSubmit={submit}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Номер заявления"
              placeholder="25701000-123"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              error={
                wrongFormat
                  ? 'Номер — восемь цифр, дефис и номер заявления, например 25701000-123'
                  : undefined
              }
              style={{ flex: '1 1 240px', maxWidth: 320 }}
            />
            <Button type="submit">Показать</Button>
          </Group>
        </form>
        {q.isError && (
          <Alert color={isApiError(q.error) && q.error.status === 404 ? 'yellow' : 'red'}>
            {isApiError(q.error) && q.error.status === 404
              ? 'Заявление с таким номером не найдено. Проверьте номер в уведомлении.'
              : 'Не удалось получить сведения. Повторите позже.'}
          </Alert>
        )}
        {p && (
          <>
            <Card withBorder>
              <Group gap="xs" mb="xs">
                <Text fw={600}>Заявление № {p.number}</Text>
                <ApplicationStatusBadge status={p.status} />
              </Group>
              <Text size="sm">
                Зарегистрировано {formatDateTime(p.registeredAt)}, желаемая дата приёма{' '}
                {formatDate(p.desiredOn)}. Возраст ребёнка на {formatDate(p.referenceDate)}: полных лет —{' '}
                {p.ageOnReferenceDate}.
              </Text>
            </Card>
            {p.positions.length > 0 ? (
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Сколько заявлений впереди
                </Title>
                <Text size="sm" c="dimmed" mb="sm">
                  В каждом выбранном детском саду среди детей того же возраста: сначала с внеочередным правом,
                  затем с первоочередным, затем с братьями и сёстрами в этом саду, затем по дате и времени
                  регистрации.
                </Text>
                <ScrollTable label="Место в очереди" minWidth={560}>
                  <Table fz="sm" verticalSpacing={6} data-testid="position-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Детский сад</Table.Th>
                        <Table.Th>Внеочередное</Table.Th>
                        <Table.Th>Первоочередное</Table.Th>
                        <Table.Th>Брат или сестра в саду</Table.Th>
                        <Table.Th>Общая очередь</Table.Th>
                        <Table.Th>Всего впереди</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {p.positions.map((x) => (
                        <Table.Tr key={x.organizationId}>
                          <Table.Td>
                            {x.rank}. {x.name}
                          </Table.Td>
                          <Table.Td>{x.ahead.outOfTurn}</Table.Td>
                          <Table.Td>{x.ahead.first}</Table.Td>
                          <Table.Td>{x.ahead.sibling}</Table.Td>
                          <Table.Td>{x.ahead.general}</Table.Td>
                          <Table.Td fw={600}>{x.ahead.total}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
              </Card>
            ) : (
              <Alert color="gray">
                Заявление сейчас не участвует в распределении мест:{' '}
                {APPLICATION_STATUS_TITLES[p.status].toLowerCase()}.
              </Alert>
            )}
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                История заявления
              </Title>
              <Timeline bulletSize={14} lineWidth={2} active={p.history.length - 1}>
                {p.history.map((e) => (
                  <Timeline.Item key={`${e.at}:${e.reason}`} title={APPLICATION_STATUS_TITLES[e.status]}>
                    <Text size="sm">{e.reason}</Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(e.at)}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
          </>
        )}
        <Anchor href="/login" size="sm">
          Вход для сотрудников и родителей
        </Anchor>
      </Stack>
    </Container>
  );
}
