import { AppShell, Burger, Button, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { ROLE_TITLES } from '../../common/roles.ts';
import { logout, sessionKey } from '../api/auth.ts';
import { NavLinkLink } from './links.tsx';
import { NAV_ITEMS, useSession } from './session.ts';

/** Shell of every signed-in screen: header with the user and «Выйти», navbar filtered by permissions. */
export function AppLayout() {
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  if (!session) return null;
  const role = session.roles[0];
  const roleText = role
    ? [ROLE_TITLES[role.role] ?? role.role, role.scopeName].filter(Boolean).join(' — ')
    : 'Роль не назначена';

  const onLogout = async () => {
    try {
      await logout();
    } catch {
      // the session is gone either way
    }
    queryClient.clear();
    queryClient.setQueryData(sessionKey, null);
    await navigate({ to: '/login' });
  };

  return (
    <>
      <a href="#main" className="skip-link">
        Перейти к содержимому
      </a>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Меню" />
              <Stack gap={0}>
                <Text fw={700} size="lg" lh={1.2}>
                  Контингент
                </Text>
                <Text size="xs" c="dimmed" visibleFrom="sm">
                  Региональный сегмент
                </Text>
              </Stack>
            </Group>
            <Group gap="sm" wrap="nowrap" miw={0}>
              {/* On a phone the user is named at the top of the menu instead: the header keeps one line. */}
              <Stack gap={0} align="flex-end" miw={0} visibleFrom="sm">
                <Text size="sm" fw={500} data-testid="current-user" truncate="end" maw={420}>
                  {session.user.fullName}
                </Text>
                <Text size="xs" c="dimmed" data-testid="current-role" truncate="end" maw={420}>
                  {roleText}
                  {session.roles.length > 1 ? ` (+${session.roles.length - 1})` : ''}
                </Text>
              </Stack>
              <Button variant="default" size="xs" onClick={onLogout} style={{ flexShrink: 0 }}>
                Выйти
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Разделы">
          <Stack
            gap={0}
            hiddenFrom="sm"
            px="sm"
            pb="xs"
            mb="xs"
            style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
          >
            <Text size="sm" fw={500}>
              {session.user.fullName}
            </Text>
            <Text size="xs" c="dimmed">
              {roleText}
            </Text>
          </Stack>
          {/* A regional operator has more sections than a laptop screen is high: the list scrolls. */}
          <AppShell.Section grow component={ScrollArea} type="auto">
            {NAV_ITEMS.filter((item) => item.visible(session)).map((item) => (
              <NavLinkLink
                key={item.to}
                to={item.to}
                label={item.label}
                active={pathname === item.to || pathname.startsWith(`${item.to}/`)}
                onClick={close}
              />
            ))}
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1}>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </>
  );
}
