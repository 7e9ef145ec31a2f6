import { Alert, Button, Center, Stack, Text, Title } from '@mantine/core';
import { isApiError } from '../api/http.ts';
import { ButtonLink } from '../components/links.tsx';

/** «/» for a user without any section (e.g. no roles yet). */
export function NoSectionsPage() {
  return (
    <Alert color="gray" title="Нет доступных разделов" maw={640}>
      Вашей учетной записи не назначены роли. Обратитесь к администратору вашей организации или органа
      управления образованием.
    </Alert>
  );
}

export function NotFoundPage() {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs">
        <Title order={3}>Страница не найдена</Title>
        <Text c="dimmed">Проверьте адрес или вернитесь на главную.</Text>
        <ButtonLink to="/" variant="light">
          На главную
        </ButtonLink>
      </Stack>
    </Center>
  );
}

export function ErrorPage({ error, reset }: { error: unknown; reset: () => void }) {
  const message = isApiError(error) ? error.detail : error instanceof Error ? error.message : String(error);
  return (
    <Center py="xl">
      <Alert color="red" title="Ошибка" maw={640}>
        <Text size="sm" mb="sm">
          {message}
        </Text>
        <Button size="xs" variant="light" color="red" onClick={reset}>
          Повторить
        </Button>
      </Alert>
    </Center>
  );
}
