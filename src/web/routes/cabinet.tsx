import { Alert, Paper, Text, Title } from '@mantine/core';
import { useSession } from '../components/session.ts';

/** The citizen's cabinet (signed in through Госуслуги). */
export function CabinetPage() {
  const session = useSession();
  return (
    <>
      <Title order={2} mb="md">
        Личный кабинет
      </Title>
      <Paper withBorder p="lg" maw={720}>
        <Text size="lg" mb="sm" data-testid="cabinet-greeting">
          Здравствуйте, {session?.user.fullName}!
        </Text>
        <Alert color="blue" variant="light">
          Здесь появятся сведения о ваших детях: где они обучаются, место в очереди в детский сад, история
          обучения, а также журнал обращений к их персональным данным.
        </Alert>
      </Paper>
    </>
  );
}
