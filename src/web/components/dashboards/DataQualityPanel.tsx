import { LineChart } from '@mantine/charts';
import { Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { dataQualityPanelQuery } from '../../api/dashboards.ts';
import { AnchorLink } from '../links.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { num } from './figures.ts';
import { PanelCard } from './PanelCard.tsx';

const score = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v.toLocaleString('ru-RU', { maximumFractionDigits: 1 });
const month = (iso: string) => `${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** The last monthly data-quality run: the score, its trend, and where it is lowest. */
export function DataQualityPanel({ territoryId }: { territoryId: string | undefined }) {
  const q = useQuery(dataQualityPanelQuery(territoryId));
  const d = q.data;
  return (
    <PanelCard
      panel="data-quality"
      title="Качество данных"
      note={
        d?.run
          ? `Проверка за ${month(d.run.month)}: оценка ${score(d.summary?.score)} из 100, взвешенная по числу обучающихся`
          : 'Ежемесячных проверок еще не было'
      }
      territoryId={territoryId}
      query={q}
      chart={() =>
        d!.trend.length === 0 ? (
          <Text c="dimmed" size="sm">
            Оценок пока нет.
          </Text>
        ) : (
          <>
            <Group gap="lg" mb="xs">
              <AnchorLink to="/data-quality" search={{ territoryId: d!.territory.id }} fz={28} fw={700}>
                {score(d!.summary?.score)}
              </AnchorLink>
              <Text size="sm" c="dimmed">
                ошибок: {num(d!.summary?.errors ?? 0)}, предупреждений: {num(d!.summary?.warnings ?? 0)}
              </Text>
            </Group>
            <LineChart
              h={180}
              data={d!.trend.map((t) => ({ month: month(t.month), score: t.score }))}
              dataKey="month"
              series={[{ name: 'score', label: 'Оценка', color: 'teal.7' }]}
              yAxisProps={{ domain: [0, 100] }}
              connectNulls
            />
          </>
        )
      }
      table={() => (
        <>
          <ScrollTable label="Качество данных по муниципалитетам: таблица" minWidth={420}>
            <Table withTableBorder striped fz="sm" mb="md" data-testid="data-quality-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Муниципалитет</Table.Th>
                  <Table.Th ta="right">Обучающихся</Table.Th>
                  <Table.Th ta="right">Оценка</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d!.rows.map((r) => (
                  <Table.Tr key={r.territoryId ?? 'region'}>
                    <Table.Td>
                      <AnchorLink
                        to="/data-quality"
                        search={{ territoryId: r.territoryId ?? d!.territory.id }}
                      >
                        {r.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td ta="right">{num(r.learners)}</Table.Td>
                    <Table.Td ta="right">{score(r.score)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td fw={700}>Итого</Table.Td>
                  <Table.Td ta="right" fw={700}>
                    {num(d!.summary?.learners ?? 0)}
                  </Table.Td>
                  <Table.Td ta="right" fw={700}>
                    {score(d!.summary?.score)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {d!.worst.length > 0 && (
            <ScrollTable label="Организации с низшей оценкой" minWidth={560}>
              <Table withTableBorder striped fz="sm" mb="md">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Организация (низшие оценки)</Table.Th>
                    <Table.Th ta="right">Обучающихся</Table.Th>
                    <Table.Th ta="right">Ошибок</Table.Th>
                    <Table.Th ta="right">Предупреждений</Table.Th>
                    <Table.Th ta="right">Оценка</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d!.worst.map((o) => (
                    <Table.Tr key={o.organizationId}>
                      <Table.Td>
                        <AnchorLink to="/data-quality" search={{ organizationId: o.organizationId }}>
                          {o.name}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td ta="right">{num(o.learners)}</Table.Td>
                      <Table.Td ta="right">{num(o.errors)}</Table.Td>
                      <Table.Td ta="right">{num(o.warnings)}</Table.Td>
                      <Table.Td ta="right">{score(o.score)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          <ScrollTable label="Оценка по месяцам" minWidth={280}>
            <Table withTableBorder striped fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Месяц</Table.Th>
                  <Table.Th ta="right">Оценка</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d!.trend.map((t) => (
                  <Table.Tr key={t.month}>
                    <Table.Td>{month(t.month)}</Table.Td>
                    <Table.Td ta="right">{score(t.score)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    />
  );
}
