import { Alert, Badge, Breadcrumbs, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { personQuery } from '../api/persons.ts';
import { MergeUndo } from '../components/duplicates/MergeUndo.tsx';
import { formatDate } from '../components/format.ts';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { LearnerOrderActions } from '../components/orders/LearnerOrderActions.tsx';
import { TrajectoryTab } from '../components/orders/TrajectoryTab.tsx';
import { AccessLogTab } from '../components/person/card/AccessLogTab.tsx';
import { AttendanceTab } from '../components/person/card/AttendanceTab.tsx';
import { ConsentsTab } from '../components/person/card/ConsentsTab.tsx';
import { HealthTab } from '../components/person/card/HealthTab.tsx';
import { HistoryTab } from '../components/person/card/HistoryTab.tsx';
import {
  AddressesTable,
  ContactsTable,
  CoreInfo,
  DocumentsTable,
  EnrollmentsTable,
  HardshipsTable,
} from '../components/person/card/PersonInfo.tsx';
import { RepresentativesTab, RepresentedChildren } from '../components/person/card/RepresentativesTab.tsx';
import { PersonActionsMenu } from '../components/person/PersonActionsMenu.tsx';
import { ageText, bySex, fullName, personRoleTitle, snilsText } from '../components/person/person-format.ts';
import { QueryError } from '../components/QueryError.tsx';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/persons/$id');

function yearsOld(birthDate: string): number {
  const now = new Date();
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const before = now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d);
  return now.getFullYear() - y - (before ? 1 : 0);
}

export function PersonCardPage() {
  const { id } = route.useParams();
  const query = useQuery(personQuery(id));
  const session = useSession();
  if (query.isPending) return <CardSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const card = query.data;
  const allowed = new Set(card.allowedActions ?? []);
  const learner = card.enrollments.length > 0;
  const representative = card.represents.length > 0;

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/persons">Обучающиеся и законные представители</AnchorLink>
        <span>{fullName(card)}</span>
      </Breadcrumbs>
      {card.resolvedFrom && (
        <Alert color="blue" variant="light" mb="sm" data-testid="resolved-from">
          Запрошенная запись была объединена с этой записью. Показаны сведения действующей записи.
        </Alert>
      )}
      {allowed.has('merge') && <MergeUndo personId={card.id} />}
      {card.access === 'archival' && (
        <Alert color="gray" variant="light" mb="sm" data-testid="archival-access">
          {personRoleTitle('learner', card.sex)} {bySex(card.sex, 'выбыл', 'выбыла')} из вашей организации.
          Для архивных справок доступны только ФИО, дата рождения и сведения об обучении в вашей организации;
          документы, адреса, контакты, семья и здоровье недоступны.
        </Alert>
      )}
      {/* On a phone the actions go below the name rather than past the screen's edge. */}
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Group gap="sm">
            <Title order={1} size="h2">
              {fullName(card)}
            </Title>
            {learner && (
              <Badge variant="light" tt="none">
                {personRoleTitle('learner', card.sex)}
              </Badge>
            )}
            {representative && (
              <Badge variant="light" color="grape" tt="none">
                {personRoleTitle('representative', card.sex)}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {formatDate(card.birthDate)} ({ageText(yearsOld(card.birthDate))}) · СНИЛС {snilsText(card.snils)}
          </Text>
        </div>
        <Group gap="xs">
          {learner && card.access !== 'archival' && <LearnerOrderActions personId={card.id} />}
          {allowed.has('update') && (
            <ButtonLink to="/persons/$id/edit" params={{ id: card.id }} variant="default">
              Изменить
            </ButtonLink>
          )}
          <PersonActionsMenu card={card} />
        </Group>
      </Group>
      <Tabs defaultValue="personal" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="personal">Личные данные</Tabs.Tab>
          {learner && <Tabs.Tab value="trajectory">История обучения</Tabs.Tab>}
          {learner && <Tabs.Tab value="attendance">Посещаемость и отметки</Tabs.Tab>}
          <Tabs.Tab value="documents">Документы ({card.documents.length})</Tabs.Tab>
          <Tabs.Tab value="addresses">Адреса и контакты</Tabs.Tab>
          <Tabs.Tab value="representatives">Представители ({card.representatives.length})</Tabs.Tab>
          {allowed.has('health') && <Tabs.Tab value="health">Здоровье</Tabs.Tab>}
          {allowed.has('consent') && <Tabs.Tab value="consents">Согласия</Tabs.Tab>}
          <Tabs.Tab value="history">История</Tabs.Tab>
          {can(session, 'audit.read') && <Tabs.Tab value="access-log">Кто обращался</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="personal">
          <Stack gap="md">
            <CoreInfo p={card} />
            {representative && <RepresentedChildren card={card} />}
            <Title order={5}>Обучение</Title>
            <EnrollmentsTable p={card} />
            <Title order={5}>Трудная жизненная ситуация</Title>
            <HardshipsTable p={card} />
          </Stack>
        </Tabs.Panel>
        {learner && (
          <Tabs.Panel value="trajectory">
            <TrajectoryTab personId={card.id} />
          </Tabs.Panel>
        )}
        {learner && (
          <Tabs.Panel value="attendance">
            <AttendanceTab personId={card.id} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="documents">
          <DocumentsTable p={card} />
        </Tabs.Panel>
        <Tabs.Panel value="addresses">
          <Stack gap="md">
            <Title order={5}>Адреса</Title>
            <AddressesTable p={card} />
            <Title order={5}>Контакты</Title>
            <ContactsTable p={card} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="representatives">
          <RepresentativesTab card={card} canEdit={allowed.has('update')} />
        </Tabs.Panel>
        {allowed.has('health') && (
          <Tabs.Panel value="health">
            <HealthTab personId={card.id} />
          </Tabs.Panel>
        )}
        {allowed.has('consent') && (
          <Tabs.Panel value="consents">
            <ConsentsTab card={card} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="history">
          <HistoryTab id={card.id} />
        </Tabs.Panel>
        {can(session, 'audit.read') && (
          <Tabs.Panel value="access-log">
            <AccessLogTab personId={card.id} />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
