import { BarChart } from '@mantine/charts';
import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type OccupancyPanel as Data, occupancyPanelQuery } from '../../api/dashboards.ts';
import { AnchorLink } from '../links.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { barsHeight, KIND_TITLES, num, pct, short } from './figures.ts';
import { PanelCard } from './PanelCard.tsx';

type Row = Data['rows'][number];
const KINDS = ['preschool', 'school'] as const;

/** Per municipality, one line of figures per kind: the load is the rows' learners over their capacity. */
function byTerritory(rows: Row[]) {
  const out = new Map<string, { name: string; territoryId: string | null } & Record<string, unknown>>();
  for (const r of rows.filter((x) => x.loadPercent !== null)) {
    const key = r.territoryId ?? '';
    const x = out.get(key) ?? { name: short(r.name), territoryId: r.territoryId };
    x[r.kind] = r.loadPercent;
    out.set(key, x);
  }
  return [...out.values()];
}

/** Kindergartens and schools against their capacity: load per municipality, and who is over it. */
export function OccupancyPanel({ territoryId }: { territoryId: string | undefined }) {
  const q = useQuery(occupancyPanelQuery(territoryId));
  const navigate = useNavigate();
  const d = q.data;
  const summary = d?.byKind
    .map((k) => `${KIND_TITLES[k.kind].toLowerCase()} ${pct(k.loadPercent)}`)
    .join(', ');
  return (
    <PanelCard
      panel="occupancy"
      title="Загрузка детских садов и школ"
      note={d ? `Загрузка относительно вместимости: ${summary}` : undefined}
      territoryId={territoryId}
      query={q}
      chart={() => (
        <>
          {byTerritory(d!.rows).length === 0 && (
            <Text c="dimmed" size="sm">
              Нет организаций с известной вместимостью.
            </Text>
          )}
          <BarChart
            h={barsHeight(byTerritory(d!.rows).length)}
            data={byTerritory(d!.rows)}
            dataKey="name"
            orientation="vertical"
            yAxisProps={{ width: 150, interval: 0 }}
            valueFormatter={pct}
            series={[
              { name: 'preschool', label: 'Детские сады, %', color: 'teal.6' },
              { name: 'school', label: 'Школы, %', color: 'blue.6' },
            ]}
            referenceLines={[{ x: 100, color: 'red.6', label: '100 %' }]}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            barProps={(series) => ({
              cursor: 'pointer',
              onClick: (bar: { payload?: { territoryId: string | null } }) =>
                void navigate({
                  to: '/organizations',
                  search: {
                    territoryId: bar.payload?.territoryId ?? d!.territory.id,
                    kind: series.name as (typeof KINDS)[number],
                  },
                }),
            })}
          />
          <Text size="sm" mt="xs">
            Сверх вместимости:{' '}
            {d!.byKind.map((k) => `${KIND_TITLES[k.kind].toLowerCase()} — ${num(k.overCapacity)}`).join(', ')}
          </Text>
        </>
      )}
      table={() => (
        <>
          <ScrollTable label="Загрузка по видам организаций: таблица" minWidth={620}>
            <Table withTableBorder striped fz="sm" mb="md" data-testid="occupancy-kinds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Вид</Table.Th>
                  <Table.Th ta="right">Организаций</Table.Th>
                  <Table.Th ta="right">Без данных о вместимости</Table.Th>
                  <Table.Th ta="right">Мест</Table.Th>
                  <Table.Th ta="right">Обучающихся</Table.Th>
                  <Table.Th ta="right">Загрузка</Table.Th>
                  <Table.Th ta="right">Сверх вместимости</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d!.byKind.map((k) => (
                  <Table.Tr key={k.kind}>
                    <Table.Td>{KIND_TITLES[k.kind]}</Table.Td>
                    <Table.Td ta="right">{num(k.organizations)}</Table.Td>
                    <Table.Td ta="right">{num(k.withoutCapacity)}</Table.Td>
                    <Table.Td ta="right">{num(k.capacity)}</Table.Td>
                    <Table.Td ta="right">{num(k.learners)}</Table.Td>
                    <Table.Td ta="right">{pct(k.loadPercent)}</Table.Td>
                    <Table.Td ta="right">{num(k.overCapacity)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <ScrollTable label="Загрузка по муниципалитетам: таблица" minWidth={760}>
            <Table withTableBorder striped fz="sm" data-testid="occupancy-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Муниципалитет</Table.Th>
                  <Table.Th>Вид</Table.Th>
                  <Table.Th ta="right">Организаций</Table.Th>
                  <Table.Th ta="right">Без данных о вместимости</Table.Th>
                  <Table.Th ta="right">Мест</Table.Th>
                  <Table.Th ta="right">Обучающихся</Table.Th>
                  <Table.Th ta="right">Загрузка</Table.Th>
                  <Table.Th ta="right">Сверх вместимости</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d!.rows.map((r) => (
                  <Table.Tr key={`${r.territoryId}-${r.kind}`}>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{KIND_TITLES[r.kind]}</Table.Td>
                    <Table.Td ta="right">
                      <AnchorLink
                        to="/organizations"
                        search={{ territoryId: r.territoryId ?? d!.territory.id, kind: r.kind }}
                      >
                        {num(r.organizations)}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td ta="right">{num(r.withoutCapacity)}</Table.Td>
                    <Table.Td ta="right">{num(r.capacity)}</Table.Td>
                    <Table.Td ta="right">{num(r.learners)}</Table.Td>
                    <Table.Td ta="right" c={(r.loadPercent ?? 0) > 100 ? 'red.9' : undefined}>
                      {pct(r.loadPercent)}
                    </Table.Td>
                    <Table.Td ta="right">{num(r.overCapacity)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Text fw={600} size="sm" mt="md" mb={4}>
            Организации сверх вместимости
          </Text>
          {d!.top.length === 0 ? (
            <Text size="sm" c="dimmed">
              Нет организаций сверх вместимости.
            </Text>
          ) : (
            <ScrollTable label="Организации сверх вместимости" minWidth={620}>
              <Table withTableBorder striped fz="sm" data-testid="occupancy-top">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Организация</Table.Th>
                    <Table.Th>Муниципалитет</Table.Th>
                    <Table.Th ta="right">Мест</Table.Th>
                    <Table.Th ta="right">Обучающихся</Table.Th>
                    <Table.Th ta="right">Загрузка</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d!.top.map((o) => (
                    <Table.Tr key={o.organizationId}>
                      <Table.Td>
                        <AnchorLink to="/organizations/$id" params={{ id: o.organizationId }}>
                          {o.name}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{o.municipality}</Table.Td>
                      <Table.Td ta="right">{num(o.capacity)}</Table.Td>
                      <Table.Td ta="right">{num(o.learners)}</Table.Td>
                      <Table.Td ta="right" c="red.9" fw={600}>
                        {pct(o.loadPercent)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </>
      )}
    />
  );
}
