import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTerritories } from '../api/territories.ts';
import { AttendancePanel } from '../components/dashboards/AttendancePanel.tsx';
import { ContingentPanel } from '../components/dashboards/ContingentPanel.tsx';
import { DataQualityPanel } from '../components/dashboards/DataQualityPanel.tsx';
import { OccupancyPanel } from '../components/dashboards/OccupancyPanel.tsx';
import { QueuePanel } from '../components/dashboards/QueuePanel.tsx';
import { SignOffPanel } from '../components/dashboards/SignOffPanel.tsx';
import { formatDate, today } from '../components/format.ts';
import { useSession } from '../components/session.ts';
import { TerritorySelect } from '../components/TerritorySelect.tsx';

const route = getRouteApi('/app/dashboards');

/**
 * «Показатели»: the region's (or a municipality's) figures at a glance — contingent, occupancy, the
 * preschool queue, attendance, data quality and the forms' sign-off. Whoever reads the whole region
 * switches between it and any municipality; a municipality sees its own.
 */
export function DashboardsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/dashboards' });
  const session = useSession();
  const territories = useTerritories();
  const regionNode = session?.roles
    .map((r) => territories.data?.find((t) => t.id === r.scopeNodeId))
    .find((t) => t?.kind === 'region');
  const territoryId = search.territoryId;
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Показатели
        </Title>
        <Text c="dimmed" size="sm">
          На {formatDate(today())}. Только числа: персональные данные здесь не показываются. Нажмите на
          столбец или число, чтобы открыть список.
        </Text>
      </div>
      {regionNode && (
        <TerritorySelect
          label="Территория"
          kinds={['region', 'municipality']}
          required
          value={territoryId ?? regionNode.id}
          onChange={(v) =>
            void navigate({
              search: { territoryId: v && v !== regionNode.id ? v : undefined },
              replace: true,
            })
          }
          w={360}
        />
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ContingentPanel territoryId={territoryId} />
        <OccupancyPanel territoryId={territoryId} />
        <QueuePanel territoryId={territoryId} />
        <AttendancePanel territoryId={territoryId} />
        <DataQualityPanel territoryId={territoryId} />
        <SignOffPanel territoryId={territoryId} />
      </SimpleGrid>
    </Stack>
  );
}
