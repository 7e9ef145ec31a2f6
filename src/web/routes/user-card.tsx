import { Alert, Badge, Breadcrumbs, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ROLE_TITLES } from '../../common/roles.ts';
import { useRevokeRole, userQuery, useUpdateUser } from '../api/users.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { formatDateTime } from '../components/format.ts';
import { InfoGrid } from '../components/InfoGrid.tsx';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { EditUserModal } from '../components/users/EditUserModal.tsx';
import { PasswordModal } from '../components/users/PasswordModal.tsx';
import { RoleModal } from '../components/users/RoleModal.tsx';

const route = getRouteApi('/app/users/$id');

export function UserCardPage() {
  const { id } = route.useParams();
  const query = useQuery(userQuery(id));
  const update = useUpdateUser(id);
  const revoke = useRevokeRole(id);
  const [roleOpened, roleModal] = useDisclosure(false);
  const [passwordOpened, passwordModal] = useDisclosure(false);
  const [editOpened, editModal] = useDisclosure(false);

  if (query.isPending) return <CardSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const user = query.data;
  // The server decides what this caller may do with this user; the page only shows or hides buttons.
  const actions = new Set(user.actions);
  const canToggleBlock = actions.has(user.blocked ? 'unblock' : 'block');
  const revokeColumn = actions.has('revokeRole');

  const toggleBlocked = async () => {
    try {
      await update.mutateAsync({ version: user.version, blocked: !user.blocked });
      notifySuccess(user.blocked ? 'Пользователь разблокирован' : 'Пользователь заблокирован');
    } catch (err) {
      notifyError(err);
      void query.refetch();
    }
  };

  const revokeRole = async (assignmentId: string) => {
    try {
      await revoke.mutateAsync(assignmentId);
      notifySuccess('Роль отозвана');
    } catch (err) {
      notifyError(err, 'Не удалось отозвать роль');
    }
  };

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/users">Пользователи</AnchorLink>
        <span>{user.login ?? user.fullName}</span>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" mb="md">
        <Group gap="sm">
          <Title order={1} size="h2">
            {user.fullName}
          </Title>
          {user.blocked ? (
            <Badge color="red" variant="light">
              Заблокирован
            </Badge>
          ) : (
            <Badge color="green" variant="light">
              Активен
            </Badge>
          )}
          {user.lockedUntil && new Date(user.lockedUntil) > new Date() && (
            <Badge color="orange" variant="light">
              Вход заблокирован до {formatDateTime(user.lockedUntil)}
            </Badge>
          )}
          {user.isService && <Badge variant="outline">Сервисная учетная запись</Badge>}
        </Group>
        {user.fullyManageable && (
          <Group gap="xs">
            {actions.has('edit') && (
              <Button variant="default" onClick={editModal.open}>
                Изменить
              </Button>
            )}
            {actions.has('setPassword') && (
              <Button variant="default" onClick={passwordModal.open}>
                Сбросить пароль
              </Button>
            )}
            {canToggleBlock && (
              <ConfirmButton
                variant="default"
                color={user.blocked ? undefined : 'red'}
                question={
                  user.blocked
                    ? 'Разблокировать пользователя? Он снова сможет входить в систему.'
                    : 'Заблокировать пользователя? Его сеансы будут завершены, вход станет невозможен.'
                }
                onConfirm={toggleBlocked}
              >
                {user.blocked ? 'Разблокировать' : 'Заблокировать'}
              </ConfirmButton>
            )}
          </Group>
        )}
      </Group>
      {!user.fullyManageable && actions.size > 0 && (
        <Alert color="orange" variant="light" mb="md" title="Роли вне вашей области доступа">
          У пользователя есть роли, которые вы не можете назначать. Изменять данные, блокировать и сбрасывать
          пароль этой учетной записи может только тот, чья область охватывает все ее роли. Вы можете отозвать
          роли в своей области.
        </Alert>
      )}
      <Paper withBorder p="md" mb="md">
        <InfoGrid
          cols={4}
          items={[
            { label: 'Логин', value: user.login },
            { label: 'Электронная почта', value: user.email },
            { label: 'Последний вход', value: formatDateTime(user.lastLoginAt) },
            {
              label: 'Идентификатор',
              value: (
                <Text size="xs" ff="monospace">
                  {user.id}
                </Text>
              ),
            },
          ]}
        />
      </Paper>
      <Group justify="space-between" mb="xs">
        <Title order={4}>Роли</Title>
        {actions.has('grantRole') && (
          <Button size="xs" onClick={roleModal.open}>
            Назначить роль
          </Button>
        )}
      </Group>
      <Table withTableBorder fz="sm" data-testid="roles-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Роль</Table.Th>
            <Table.Th>Область действия</Table.Th>
            {revokeColumn && <Table.Th w={120} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {user.roles.map((r) => (
            <Table.Tr key={r.assignmentId}>
              <Table.Td>
                {ROLE_TITLES[r.role] ?? r.role}
                {r.healthAccess && (
                  <Badge ml="xs" size="xs" variant="outline" color="grape">
                    сведения о здоровье
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{r.scopeName ?? '—'}</Table.Td>
              {revokeColumn && (
                <Table.Td>
                  {r.revocable && (
                    <ConfirmButton
                      size="xs"
                      variant="subtle"
                      color="red"
                      question={`Отозвать роль «${ROLE_TITLES[r.role] ?? r.role}»?`}
                      onConfirm={() => revokeRole(r.assignmentId)}
                    >
                      Отозвать
                    </ConfirmButton>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
          {user.roles.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text c="dimmed" size="sm">
                  Роли не назначены
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <RoleModal userId={user.id} opened={roleOpened} onClose={roleModal.close} />
      <PasswordModal userId={user.id} opened={passwordOpened} onClose={passwordModal.close} />
      <EditUserModal
        user={user}
        opened={editOpened}
        onClose={editModal.close}
        onReload={() => void query.refetch()}
      />
    </>
  );
}
