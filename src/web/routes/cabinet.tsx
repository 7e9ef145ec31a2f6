import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { CITIZEN_EXPORT_JSON, CITIZEN_EXPORT_PDF, citizenQuery } from '../api/citizen.ts';
import { AccessLog } from '../components/cabinet/AccessLog.tsx';
import { PersonSections } from '../components/cabinet/PersonSections.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { useSession } from '../components/session.ts';

/** The citizen's cabinet (signed in through Госуслуги): own data, the children's, who accessed them. */
export function CabinetPage() {
  const session = useSession();
  const query = useQuery(citizenQuery);
  return (
    <Stack gap="md" maw={1200}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            Личный кабинет
          </Title>
          <Text size="lg" data-testid="cabinet-greeting">
            Здравствуйте, {session?.user.fullName}!
          </Text>
        </div>
        <Group gap="xs">
          <Button component="a" href={CITIZEN_EXPORT_PDF} download variant="default">
            Скачать PDF
          </Button>
          <Button component="a" href={CITIZEN_EXPORT_JSON} download variant="default">
            Скачать JSON
          </Button>
        </Group>
      </Group>
      {query.isPending && <Loader />}
      {query.isError && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && (
        <>
          <Title order={3}>Мои дети</Title>
          {query.data.children.length === 0 ? (
            <Alert color="gray" variant="light">
              В реестре нет обучающихся, законным представителем которых вы указаны. Если ребенок обучается,
              обратитесь в образовательную организацию, чтобы вас указали его представителем.
            </Alert>
          ) : (
            query.data.children.map((c) => (
              <PersonSections key={c.card.id} card={c.card} health={c.health} consents={c.consents} child />
            ))
          )}
          <Title order={3}>Мои данные</Title>
          {query.data.person ? (
            <PersonSections
              card={query.data.person}
              health={query.data.health}
              consents={query.data.consents}
            />
          ) : (
            <Alert color="gray" variant="light">
              Сведений о вас в реестре нет.
            </Alert>
          )}
        </>
      )}
      <AccessLog />
    </Stack>
  );
}
