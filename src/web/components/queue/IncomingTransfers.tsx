import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Transfer, transfersQuery } from '../../api/queue-transfers.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { ListLoadError } from '../QueryError.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { AcceptTransferDialog, RefuseTransferDialog } from './TransferDecisionDialogs.tsx';

const fio = (c: Transfer['child']) => [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' ');

/**
 * «Входящие переводы» on the queue page: applications other municipalities sent to this one, oldest
 * first, each with the last day to decide; an overdue one is marked. Nothing shows when there are none.
 */
export function IncomingTransfers() {
  const q = useQuery(transfersQuery({ direction: 'incoming', status: 'requested' }));
  const [deciding, setDeciding] = useState<{ transfer: Transfer; accept: boolean } | null>(null);
  if (q.isError) return <ListLoadError error={q.error} fallback="Не удалось загрузить входящие переводы" />;
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  const overdue = items.filter((t) => t.overdue).length;
  return (
    <Card withBorder data-testid="incoming-transfers">
      <Group gap="xs" mb="xs">
        <Title order={2} size="h4">
          Входящие переводы
        </Title>
        <Badge variant="light">{items.length}</Badge>
        {overdue > 0 && (
          <Badge color="red" variant="light" tt="none">
            просрочено: {overdue}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        Семьи переезжают в ваш муниципалитет. Примите заявление, выбрав детские сады вместе с семьей, или
        откажите с причиной. Дата постановки на учет при переводе сохраняется.
      </Text>
      <ScrollTable label="Входящие переводы" minWidth={860}>
        <Table fz="sm" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Заявление</Table.Th>
              <Table.Th>Ребёнок</Table.Th>
              <Table.Th>Откуда и почему</Table.Th>
              <Table.Th>Решить до</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  № {t.applicationNumber}
                  <Text size="xs" c="dimmed">
                    на учете с {formatDateTime(t.registeredAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {fio(t.child)}
                  <Text size="xs" c="dimmed">
                    {formatDate(t.child.birthDate)}, желаемая дата {formatDate(t.desiredOn)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {t.from.name}
                  <Text size="xs" c="dimmed">
                    {t.reason}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {formatDate(t.dueOn)}
                  {t.overdue ? (
                    <Badge color="red" variant="light" tt="none" display="block" mt={2}>
                      просрочен
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      запрошено {formatDate(t.requestedOn)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Button size="xs" color="teal" onClick={() => setDeciding({ transfer: t, accept: true })}>
                      Принять
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setDeciding({ transfer: t, accept: false })}
                    >
                      Отказать
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {deciding?.accept && (
        <AcceptTransferDialog transfer={deciding.transfer} onClose={() => setDeciding(null)} />
      )}
      {deciding && !deciding.accept && (
        <RefuseTransferDialog transfer={deciding.transfer} onClose={() => setDeciding(null)} />
      )}
    </Card>
  );
}
