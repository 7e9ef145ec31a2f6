import { Badge, Breadcrumbs, Button, Group, Table, Tabs, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { organizationQuery } from '../api/organizations.ts';
import { ORG_KIND_LABELS } from '../components/labels.ts';
import { AnchorLink, ButtonLink } from '../components/links.tsx';
import { AttendanceTab } from '../components/organization-card/AttendanceTab.tsx';
import { DetailsTab } from '../components/organization-card/DetailsTab.tsx';
import { HistoryTab } from '../components/organization-card/HistoryTab.tsx';
import { StatusModal } from '../components/organization-card/StatusModal.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { OrgStatusBadge } from '../components/StatusBadge.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/organizations/$id');

export function OrganizationCardPage() {
  const { id } = route.useParams();
  const query = useQuery(organizationQuery(id));
  const [statusOpened, statusModal] = useDisclosure(false);
  const session = useSession();

  if (query.isPending) return <CardSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const org = query.data;
  const allowed = new Set(org.allowedActions);

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/organizations">Организации</AnchorLink>
        <span>{org.shortName}</span>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Group gap="sm">
            <Title order={1} size="h2">
              {org.shortName}
            </Title>
            <OrgStatusBadge status={org.status} />
            {org.parentOrganizationId && <Badge variant="outline">Филиал</Badge>}
          </Group>
          <Text size="sm" c="dimmed">
            {ORG_KIND_LABELS[org.kind]} · ИНН {org.inn} · {org.territoryName}
          </Text>
        </div>
        <Group gap="xs">
          <ButtonLink to="/organizations/$id/units" params={{ id }} variant="default">
            Классы и группы
          </ButtonLink>
          {can(session, 'programme.read') && (
            <ButtonLink to="/organizations/$id/programmes" params={{ id }} variant="default">
              Программы
            </ButtonLink>
          )}
          {can(session, 'order.read') && (
            <ButtonLink to="/orders" search={{ organizationId: id }} variant="default">
              Приказы
            </ButtonLink>
          )}
          {allowed.has('update') && (
            <ButtonLink to="/organizations/$id/edit" params={{ id }} variant="default">
              Изменить
            </ButtonLink>
          )}
          {allowed.has('changeStatus') && (
            <Button variant="default" onClick={statusModal.open}>
              Изменить статус
            </Button>
          )}
        </Group>
      </Group>
      <Tabs defaultValue="details" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="details">Сведения</Tabs.Tab>
          <Tabs.Tab value="branches">Филиалы ({org.branches.length})</Tabs.Tab>
          {can(session, 'unit.read') && <Tabs.Tab value="attendance">Посещаемость</Tabs.Tab>}
          {allowed.has('history') && <Tabs.Tab value="history">История изменений</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="details">
          <DetailsTab org={org} />
        </Tabs.Panel>
        <Tabs.Panel value="branches">
          {org.branches.length === 0 ? (
            <Text c="dimmed">Филиалов нет</Text>
          ) : (
            <Table withTableBorder fz="sm">
              <Table.Tbody>
                {org.branches.map((b) => (
                  <Table.Tr key={b.id}>
                    <Table.Td>
                      <AnchorLink to="/organizations/$id" params={{ id: b.id }} size="sm">
                        {b.shortName}
                      </AnchorLink>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
        {can(session, 'unit.read') && (
          <Tabs.Panel value="attendance">
            <AttendanceTab id={org.id} />
          </Tabs.Panel>
        )}
        {allowed.has('history') && (
          <Tabs.Panel value="history">
            <HistoryTab id={org.id} />
          </Tabs.Panel>
        )}
      </Tabs>
      <StatusModal
        org={org}
        opened={statusOpened}
        onClose={statusModal.close}
        onReload={() => void query.refetch()}
      />
    </>
  );
}
