import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ESIA_LOGIN_URL, login, sessionQuery, useProviders } from '../api/auth.ts';
import { isApiError } from '../api/http.ts';

export function LoginPage() {
  const [form, setForm] = useState({ login: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const providers = useProviders();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setPending(true);
    try {
      await login(form.login.trim(), form.password);
      // The login answer has no permissions; the session endpoint is the one source of them.
      await queryClient.resetQueries({ queryKey: sessionQuery.queryKey });
      await queryClient.fetchQuery(sessionQuery);
      await navigate({ to: '/' });
    } catch (err) {
      setError(isApiError(err) ? err.detail : 'Не удалось войти. Повторите попытку.');
      setForm((f) => ({ ...f, password: '' }));
    } finally {
      setPending(false);
    }
  };

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={400} radius="md">
        <Stack gap={4} mb="lg">
          <Title order={1} size="h2">
            Контингент
          </Title>
          <Text size="sm" c="dimmed">
            Региональный сегмент системы учета контингента обучающихся
          </Text>
        </Stack>
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" variant="light" role="alert" data-testid="login-error">
                {error}
              </Alert>
            )}
            <TextInput
              label="Логин"
              autoComplete="username"
              required
              autoFocus
              value={form.login}
              onChange={(e) => setForm({ ...form, login: e.currentTarget.value })}
            />
            <PasswordInput
              label="Пароль"
              autoComplete="current-password"
              required
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            />
            <Button type="submit" loading={pending} disabled={!form.login || !form.password}>
              Войти
            </Button>
          </Stack>
        </form>
        {providers.data?.esia && (
          <>
            <Divider my="lg" label="или" labelPosition="center" />
            <Button component="a" href={ESIA_LOGIN_URL} variant="outline" fullWidth color="blue">
              Войти через Госуслуги
            </Button>
            {providers.data.esiaLabel && providers.data.esiaLabel !== 'Войти через Госуслуги' && (
              <Text size="xs" c="dimmed" ta="center" mt={4}>
                {providers.data.esiaLabel}
              </Text>
            )}
          </>
        )}
        <Text size="sm" ta="center" mt="lg">
          <Anchor href="/queue-position">Узнать место в очереди в детский сад</Anchor> — по номеру заявления,
          без входа
        </Text>
        <Text size="sm" ta="center" mt={4}>
          <Anchor href="/kindergartens">Детские сады, свободные места и очередь</Anchor>
        </Text>
      </Paper>
    </Center>
  );
}
