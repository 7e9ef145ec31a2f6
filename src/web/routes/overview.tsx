import { Paper, SimpleGrid, Skeleton, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type KindFigures, overviewQuery } from '../api/overview.ts';
import { formatDate } from '../components/format.ts';
import { ORG_KIND_LABELS, ORG_KIND_SHORT } from '../components/labels.ts';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';

const KINDS = ['preschool', 'school', 'additional', 'vocational'] as const;
const n = (v: number) => v.toLocaleString('ru-RU');
const learnersOf = (list: KindFigures[], kind: (typeof KINDS)[number]) =>
  list.find((k) => k.kind === kind)?.learners ?? 0;

function Figure({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The registry in figures, by kind of organization and municipality: the analyst's landing. */
export function OverviewPage() {
  const query = useQuery(overviewQuery);
  const data = query.data;
  return (
    <>
      <Title order={1} size="h2" mb="xs">
        Сводка по реестру
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        {data ? `На ${formatDate(data.asOf)}. ` : ''}Только числа: персональные данные здесь не показываются.
      </Text>
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить сводку" />}
      {query.isPending && (
        <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg" data-testid="overview-skeleton">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={96} radius="md" />
          ))}
        </SimpleGrid>
      )}
      {data && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg">
            <Figure
              label="Обучающихся"
              value={n(data.totals.learners)}
              hint="человек с действующим зачислением"
              testId="overview-learners"
            />
            <Figure
              label="Организаций"
              value={n(data.totals.organizations)}
              hint={`действующих: ${n(data.totals.activeOrganizations)}`}
            />
            <Figure label="Муниципалитетов" value={n(data.byMunicipality.length)} />
          </SimpleGrid>
          <Title order={2} size="h4" mb="xs">
            По видам организаций
          </Title>
          <ScrollTable label="Сводка по видам организаций" minWidth={520}>
            <Table withTableBorder striped fz="sm" mb="lg" data-testid="overview-kinds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Вид</Table.Th>
                  <Table.Th ta="right">Организаций</Table.Th>
                  <Table.Th ta="right">Действующих</Table.Th>
                  <Table.Th ta="right">Обучающихся</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.byKind.map((k) => (
                  <Table.Tr key={k.kind}>
                    <Table.Td>{ORG_KIND_LABELS[k.kind]}</Table.Td>
                    <Table.Td ta="right">{n(k.organizations)}</Table.Td>
                    <Table.Td ta="right">{n(k.activeOrganizations)}</Table.Td>
                    <Table.Td ta="right">{n(k.learners)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Title order={2} size="h4" mb="xs">
            По муниципалитетам
          </Title>
          <ScrollTable label="Сводка по муниципалитетам" minWidth={720}>
            <Table withTableBorder striped fz="sm" data-testid="overview-municipalities">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Муниципалитет</Table.Th>
                  <Table.Th ta="right">Организаций</Table.Th>
                  {KINDS.map((kind) => (
                    <Table.Th key={kind} ta="right">
                      {ORG_KIND_SHORT[kind]}, обучающихся
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.byMunicipality.map((m) => (
                  <Table.Tr key={m.territoryId}>
                    <Table.Td>{m.name}</Table.Td>
                    <Table.Td ta="right">{n(m.organizations)}</Table.Td>
                    {KINDS.map((kind) => (
                      <Table.Td key={kind} ta="right">
                        {n(learnersOf(m.byKind, kind))}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </>
  );
}
