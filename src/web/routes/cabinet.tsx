import { Accordion, Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { zoneLabel } from '../../common/dates/format-instant.ts';
import { CITIZEN_EXPORT_JSON, CITIZEN_EXPORT_PDF, type CitizenChild, citizenQuery } from '../api/citizen.ts';
import { AccessLog } from '../components/cabinet/AccessLog.tsx';
import { MyReports } from '../components/cabinet/MyReports.tsx';
import { PersonSections } from '../components/cabinet/PersonSections.tsx';
import { PreschoolSection } from '../components/cabinet/PreschoolSection.tsx';
import { ReportErrorDialog, type ReportTarget } from '../components/cabinet/ReportErrorDialog.tsx';
import { TrajectoryTimeline } from '../components/orders/TrajectoryTimeline.tsx';
import { fullName } from '../components/person/person-format.ts';
import { QueryError } from '../components/QueryError.tsx';
import { ListSkeleton } from '../components/Skeletons.tsx';
import { useSession } from '../components/session.ts';

/** Used until the server names the region's zone; the demo region's. */
const FALLBACK_ZONE = 'Asia/Irkutsk';

/** The two downloads, each with what the file is for: a parent should not have to guess. */
function Downloads() {
  return (
    <Paper withBorder p="sm" radius="sm" component="section" aria-label="Скачать все сведения">
      <Stack gap="xs">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Button
            component="a"
            href={CITIZEN_EXPORT_PDF}
            download
            variant="default"
            w={150}
            style={{ flexShrink: 0 }}
          >
            Скачать PDF
          </Button>
          <Text size="sm">Все сведения и журнал обращений — для чтения и печати.</Text>
        </Group>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Button
            component="a"
            href={CITIZEN_EXPORT_JSON}
            download
            variant="default"
            w={150}
            style={{ flexShrink: 0 }}
          >
            Скачать JSON
          </Button>
          <Text size="sm" data-testid="json-explanation">
            Те же сведения в машиночитаемом виде: чтобы перенести их в другой сервис или проверить программой.
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The child's path through kindergartens, schools and colleges, by the orders that made it. */
function EducationHistory({ name, trajectory }: { name: string; trajectory: CitizenChild['trajectory'] }) {
  if (!trajectory) return null;
  return (
    <Accordion variant="separated" data-testid="cabinet-trajectory">
      <Accordion.Item value="trajectory">
        <Accordion.Control>История обучения: {name}</Accordion.Control>
        <Accordion.Panel>
          <TrajectoryTimeline trajectory={trajectory} />
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

/** The citizen's cabinet (signed in through Госуслуги): own data, the children's, who accessed them. */
export function CabinetPage() {
  const session = useSession();
  const query = useQuery(citizenQuery);
  const [report, setReport] = useState<ReportTarget | null>(null);
  const zone = query.data?.timeZone ?? FALLBACK_ZONE;
  const adults = query.data?.adultChildren ?? 0;
  const reportOn = (card: { id: string; lastName: string; firstName: string; middleName: string | null }) =>
    setReport({ personId: card.id, fullName: fullName(card) });
  return (
    <Stack gap="md" maw={1200} miw={0}>
      <div>
        <Title order={1} size="h2">
          Личный кабинет
        </Title>
        <Text size="lg" data-testid="cabinet-greeting" style={{ overflowWrap: 'anywhere' }}>
          Здравствуйте, {session?.user.fullName}!
        </Text>
        <Text size="sm" c="dimmed" data-testid="cabinet-zone">
          Время указано по часовому поясу региона ({zoneLabel(zone)}).
        </Text>
      </div>
      <Downloads />
      {query.isPending && <ListSkeleton />}
      {query.isError && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && (
        <>
          <PreschoolSection view={query.data} applicantName={session?.user.fullName ?? ''} />
          <Title order={2} size="h3">
            Мои дети
          </Title>
          {query.data.children.length === 0 && adults === 0 && (
            <Alert color="gray" variant="light">
              В реестре нет обучающихся, законным представителем которых вы указаны. Если ребенок обучается,
              обратитесь в образовательную организацию, чтобы вас указали его представителем.
            </Alert>
          )}
          {query.data.children.map((c) => (
            <Stack key={c.card.id} gap="xs">
              <PersonSections
                card={c.card}
                health={c.health}
                consents={c.consents}
                child
                onReport={() => reportOn(c.card)}
              />
              <EducationHistory name={fullName(c.card)} trajectory={c.trajectory} />
            </Stack>
          ))}
          {adults > 0 && (
            <Alert color="blue" variant="light" data-testid="adult-children">
              {adults === 1
                ? 'Один из ваших детей достиг 18 лет: его сведения здесь больше не показываются.'
                : `Дети, достигшие 18 лет (${adults}), здесь больше не показываются.`}{' '}
              Совершеннолетний сам видит свои сведения, войдя в личный кабинет через Госуслуги.
            </Alert>
          )}
          <Title order={2} size="h3">
            Мои данные
          </Title>
          {query.data.person ? (
            <PersonSections
              card={query.data.person}
              health={query.data.health}
              consents={query.data.consents}
              onReport={() => query.data.person && reportOn(query.data.person)}
            />
          ) : (
            <Alert color="gray" variant="light">
              Сведений о вас в реестре нет.
            </Alert>
          )}
          <MyReports />
        </>
      )}
      <AccessLog timeZone={zone} />
      <ReportErrorDialog target={report} onClose={() => setReport(null)} />
    </Stack>
  );
}
