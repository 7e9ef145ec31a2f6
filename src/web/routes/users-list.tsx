import { Badge, Button, Group, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { usersListQuery } from '../api/users.ts';
import { ListTitle } from '../components/ListTitle.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { AnchorLink } from '../components/links.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';
import { CreateUserModal } from '../components/users/CreateUserModal.tsx';
import { roleText } from '../components/users/roles.ts';

export function UsersListPage() {
  const session = useSession();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 400);
  const [createOpened, createModal] = useDisclosure(false);
  const query = useInfiniteQuery(usersListQuery(debounced));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.totalCount;

  return (
    <>
      <Group justify="space-between" mb="md">
        <ListTitle title="Пользователи" total={total} />
        {can(session, 'user.manage') && <Button onClick={createModal.open}>Добавить пользователя</Button>}
      </Group>
      <TextInput
        label="Поиск"
        placeholder="Логин или ФИО"
        w={320}
        mb="md"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить список" />}
      <Table striped highlightOnHover withTableBorder verticalSpacing={6} fz="sm" data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Логин</Table.Th>
            <Table.Th>ФИО</Table.Th>
            <Table.Th>Роли</Table.Th>
            <Table.Th>Состояние</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                <AnchorLink to="/users/$id" params={{ id: u.id }} size="sm">
                  {u.login ?? '(Госуслуги)'}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{u.fullName}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {u.roles.length === 0 && <Text size="xs">—</Text>}
                  {u.roles.map((r) => (
                    <Badge key={r.assignmentId} variant="light" radius="sm" tt="none" fw={400}>
                      {roleText(r)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {u.blocked ? (
                    <Badge color="red" variant="light" radius="sm">
                      Заблокирован
                    </Badge>
                  ) : (
                    <Badge color="green" variant="light" radius="sm">
                      Активен
                    </Badge>
                  )}
                  {u.isService && (
                    <Badge color="gray" variant="outline" radius="sm">
                      Сервисная
                    </Badge>
                  )}
                  {!u.fullyManageable && (
                    <Tooltip
                      multiline
                      w={320}
                      label="У пользователя есть роли вне вашей области доступа: изменять, блокировать и сбрасывать пароль нельзя, можно отозвать роли в своей области"
                    >
                      <Badge color="orange" variant="light" radius="sm" data-testid="not-fully-manageable">
                        Роли вне вашей области
                      </Badge>
                    </Tooltip>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {!query.isPending && rows.length === 0 && (
            <TableMessageRow colSpan={4}>Пользователи не найдены</TableMessageRow>
          )}
          {query.isPending && <TableSkeletonRows colSpan={4} />}
        </Table.Tbody>
      </Table>
      <LoadMore query={query} total={total} />
      <CreateUserModal opened={createOpened} onClose={createModal.close} />
    </>
  );
}
