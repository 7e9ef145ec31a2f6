import { BarChart } from '@mantine/charts';
import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { queuePanelQuery } from '../../api/dashboards.ts';
import { formatDate, yearsText } from '../format.ts';
import { AnchorLink } from '../links.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { can, useSession } from '../session.ts';
import { num } from './figures.ts';
import { PanelCard } from './PanelCard.tsx';

/**
 * The preschool queue by age on 1 September: waiting applications and the places offered to them. A
 * figure leads to the queue (for whoever keeps it) or to the forecast of places (the analyst).
 */
export function QueuePanel({ territoryId }: { territoryId: string | undefined }) {
  const q = useQuery(queuePanelQuery(territoryId));
  const navigate = useNavigate();
  const session = useSession();
  const keepsQueue = can(session, 'application.read');
  const d = q.data;
  const empty = d && d.totals.waiting === 0 && d.totals.offered === 0;
  const open = (municipality?: string | null) =>
    keepsQueue
      ? void navigate({ to: '/queue', search: { status: 'queued' } })
      : void navigate({ to: '/forecast', search: { territoryId: municipality ?? d?.territory.id } });
  const link = (value: number, municipality?: string | null) =>
    keepsQueue ? (
      <AnchorLink to="/queue" search={{ status: 'queued' }}>
        {num(value)}
      </AnchorLink>
    ) : (
      <AnchorLink to="/forecast" search={{ territoryId: municipality ?? d!.territory.id }}>
        {num(value)}
      </AnchorLink>
    );
  return (
    <PanelCard
      panel="queue"
      title="Очередь в детские сады"
      note={
        d
          ? `Возраст — полных лет на ${formatDate(d.referenceDate)}; ожидают места: ${num(d.totals.waiting)}, предложено мест: ${num(d.totals.offered)}`
          : undefined
      }
      territoryId={territoryId}
      query={q}
      chart={() =>
        empty ? (
          <Text c="dimmed" size="sm">
            Заявлений в очереди нет.
          </Text>
        ) : (
          <BarChart
            h={240}
            data={d!.bands.map((b) => ({ age: String(b.age), waiting: b.waiting, offered: b.offered }))}
            dataKey="age"
            xAxisProps={{ interval: 0 }}
            xAxisLabel="Возраст, полных лет"
            series={[
              { name: 'waiting', label: 'Ожидают места', color: 'orange.7' },
              { name: 'offered', label: 'Предложено мест', color: 'teal.7' },
            ]}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            valueFormatter={num}
            barProps={{ cursor: 'pointer', onClick: () => open() }}
          />
        )
      }
      table={() => (
        <>
          <ScrollTable label="Очередь по возрасту: таблица" minWidth={420}>
            <Table withTableBorder striped fz="sm" mb="md" data-testid="queue-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Возраст на {formatDate(d!.referenceDate)}</Table.Th>
                  <Table.Th ta="right">Ожидают места</Table.Th>
                  <Table.Th ta="right">Предложено мест</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d!.bands.map((b) => (
                  <Table.Tr key={b.age}>
                    <Table.Td>{yearsText(b.age)}</Table.Td>
                    <Table.Td ta="right">{link(b.waiting)}</Table.Td>
                    <Table.Td ta="right">{num(b.offered)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td fw={700}>Итого</Table.Td>
                  <Table.Td ta="right" fw={700}>
                    {num(d!.totals.waiting)}
                  </Table.Td>
                  <Table.Td ta="right" fw={700}>
                    {num(d!.totals.offered)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <ScrollTable label="Очередь по муниципалитетам: таблица" minWidth={420}>
            <Table withTableBorder striped fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Муниципалитет</Table.Th>
                  <Table.Th ta="right">Ожидают места</Table.Th>
                  <Table.Th ta="right">Предложено мест</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d!.rows.map((r) => (
                  <Table.Tr key={r.territoryId ?? 'region'}>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td ta="right">{link(r.waiting, r.territoryId)}</Table.Td>
                    <Table.Td ta="right">{num(r.offered)}</Table.Td>
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
