import { Badge, Button, Group, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { apiTokensQuery, useRevokeApiToken } from '../api/users.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { formatDateTime } from '../components/format.ts';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { TableMessageRow } from '../components/TableMessageRow.tsx';
import { CreateTokenModal } from '../components/users/CreateTokenModal.tsx';

export function ApiTokensPage() {
  const query = useQuery(apiTokensQuery);
  const revoke = useRevokeApiToken();
  const [createOpened, createModal] = useDisclosure(false);

  const onRevoke = async (id: string) => {
    try {
      await revoke.mutateAsync(id);
      notifySuccess('Токен отозван');
    } catch (err) {
      notifyError(err, 'Не удалось отозвать токен');
    }
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <div>
          <Title order={1} size="h2">
            API-токены
          </Title>
          <Text size="sm" c="dimmed">
            Доступ внешних систем (электронных журналов, ИС организаций) к API
          </Text>
        </div>
        <Button onClick={createModal.open}>Выпустить токен</Button>
      </Group>
      {query.isPending && <CardSkeleton />}
      {query.isError && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && (
        <ScrollTable label="API-токены" minWidth={820}>
          <Table striped withTableBorder fz="sm" verticalSpacing={6} data-testid="api-tokens-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Название</Table.Th>
                <Table.Th>Префикс</Table.Th>
                <Table.Th>Организации</Table.Th>
                <Table.Th>Выпущен</Table.Th>
                <Table.Th>Последнее использование</Table.Th>
                <Table.Th>Состояние</Table.Th>
                <Table.Th w={110} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    <Text size="sm">{t.name}</Text>
                    <Text size="xs" c="dimmed">
                      {t.userFullName}
                    </Text>
                  </Table.Td>
                  <Table.Td ff="monospace">{t.tokenPrefix}…</Table.Td>
                  <Table.Td>{t.organizations.map((o) => o.shortName).join(', ') || '—'}</Table.Td>
                  <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                  <Table.Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'не использовался'}</Table.Td>
                  <Table.Td>
                    {t.revokedAt ? (
                      <Badge color="gray" variant="light" radius="sm">
                        Отозван {formatDateTime(t.revokedAt)}
                      </Badge>
                    ) : (
                      <Badge color="green" variant="light" radius="sm">
                        Действует
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!t.revokedAt && (
                      <ConfirmButton
                        size="xs"
                        variant="subtle"
                        color="red"
                        question={`Отозвать токен «${t.name}»? Внешняя система сразу потеряет доступ.`}
                        onConfirm={() => onRevoke(t.id)}
                      >
                        Отозвать
                      </ConfirmButton>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              {query.data.length === 0 && <TableMessageRow colSpan={7}>Токенов нет</TableMessageRow>}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CreateTokenModal opened={createOpened} onClose={createModal.close} />
    </>
  );
}
