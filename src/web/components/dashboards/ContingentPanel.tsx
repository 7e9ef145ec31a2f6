import { BarChart } from '@mantine/charts';
import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { contingentPanelQuery } from '../../api/dashboards.ts';
import { AnchorLink } from '../links.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import {
  barsHeight,
  LEVEL_COLORS,
  LEVEL_KIND,
  LEVEL_TITLES,
  LEVELS,
  type Level,
  num,
  short,
} from './figures.ts';
import { PanelCard } from './PanelCard.tsx';

/** Learners in force by level of education, per municipality: a stacked bar each; a bar leads to the organizations. */
export function ContingentPanel({ territoryId }: { territoryId: string | undefined }) {
  const q = useQuery(contingentPanelQuery(territoryId));
  const navigate = useNavigate();
  const d = q.data;
  const shown = LEVELS.filter((l) => l !== 'unknown' || (d?.totals.unknown ?? 0) > 0);
  const open = (rowTerritory: string | null, level: Level) =>
    void navigate({
      to: '/organizations',
      search: { territoryId: rowTerritory ?? d?.territory.id, kind: LEVEL_KIND[level] },
    });
  return (
    <PanelCard
      panel="contingent"
      title="Контингент по уровням образования"
      note={d ? `Обучающихся: ${num(d.totals.total)} человек с действующим зачислением` : undefined}
      territoryId={territoryId}
      query={q}
      chart={() =>
        d!.totals.total === 0 ? (
          <Text c="dimmed" size="sm">
            Обучающихся с действующим зачислением нет.
          </Text>
        ) : (
          <BarChart
            h={barsHeight(d!.rows.filter((r) => r.total > 0).length)}
            data={d!.rows
              .filter((r) => r.total > 0)
              .map((r) => ({ name: short(r.name), territoryId: r.territoryId, ...r.byLevel }))}
            dataKey="name"
            type="stacked"
            orientation="vertical"
            yAxisProps={{ width: 150, interval: 0 }}
            series={shown.map((l) => ({ name: l, label: LEVEL_TITLES[l], color: LEVEL_COLORS[l] }))}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            valueFormatter={num}
            barProps={(series) => ({
              cursor: 'pointer',
              onClick: (bar: { payload?: { territoryId: string | null } }) =>
                open(bar.payload?.territoryId ?? null, series.name as Level),
            })}
          />
        )
      }
      table={() => (
        <ScrollTable label="Контингент по уровням: таблица" minWidth={760}>
          <Table withTableBorder striped fz="sm" data-testid="contingent-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Муниципалитет</Table.Th>
                {LEVELS.map((l) => (
                  <Table.Th key={l} ta="right">
                    {LEVEL_TITLES[l]}
                  </Table.Th>
                ))}
                <Table.Th ta="right">Всего</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d!.rows.map((r) => (
                <Table.Tr key={r.territoryId ?? 'region'}>
                  <Table.Td>{r.name}</Table.Td>
                  {LEVELS.map((l) => (
                    <Table.Td key={l} ta="right">
                      <AnchorLink
                        to="/organizations"
                        search={{ territoryId: r.territoryId ?? d!.territory.id, kind: LEVEL_KIND[l] }}
                        aria-label={`${r.name}, ${LEVEL_TITLES[l]}: ${r.byLevel[l]} — организации`}
                      >
                        {num(r.byLevel[l])}
                      </AnchorLink>
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" fw={600}>
                    {num(r.total)}
                  </Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td fw={700}>Итого</Table.Td>
                {LEVELS.map((l) => (
                  <Table.Td key={l} ta="right" fw={700}>
                    {num(d!.totals[l])}
                  </Table.Td>
                ))}
                <Table.Td ta="right" fw={700}>
                  {num(d!.totals.total)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    />
  );
}
