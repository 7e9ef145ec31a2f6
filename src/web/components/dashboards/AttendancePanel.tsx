import { LineChart } from '@mantine/charts';
import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { attendancePanelQuery, type AttendancePanel as Data } from '../../api/dashboards.ts';
import { formatDate } from '../format.ts';
import { AnchorLink } from '../links.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { KIND_TITLES, num, pct } from './figures.ts';
import { PanelCard } from './PanelCard.tsx';

type Figures = Data['summary'];

function FiguresTable({
  label,
  head,
  rows,
}: {
  label: string;
  head: string;
  rows: [ReactNode, Figures, string][];
}) {
  return (
    <ScrollTable label={label} minWidth={480}>
      <Table withTableBorder striped fz="sm" mb="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{head}</Table.Th>
            <Table.Th ta="right">Отмечено дней</Table.Th>
            <Table.Th ta="right">Присутствовали</Table.Th>
            <Table.Th ta="right">Посещаемость</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([name, f, key]) => (
            <Table.Tr key={key}>
              <Table.Td>{name}</Table.Td>
              <Table.Td ta="right">{num(f.days)}</Table.Td>
              <Table.Td ta="right">{num(f.present)}</Table.Td>
              <Table.Td ta="right">{pct(f.sharePercent)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** Present days over marked days in the last four whole weeks, as the journals reported them. */
export function AttendancePanel({ territoryId }: { territoryId: string | undefined }) {
  const q = useQuery(attendancePanelQuery(territoryId));
  const d = q.data;
  return (
    <PanelCard
      panel="attendance"
      title="Посещаемость"
      note={
        d
          ? `С ${formatDate(d.from)} по ${formatDate(d.to)} (четыре полные недели)${
              d.summary.days > 0 ? `: ${pct(d.summary.sharePercent)} дней с присутствием` : ''
            }`
          : undefined
      }
      territoryId={territoryId}
      query={q}
      chart={() =>
        d!.summary.days === 0 ? (
          <Text c="dimmed" size="sm">
            Журналы за эти недели не передавали посещаемость.
          </Text>
        ) : (
          <LineChart
            h={220}
            data={d!.weeks.map((w) => ({
              week: `с ${formatDate(w.weekStart).slice(0, 5)}`,
              share: w.sharePercent,
            }))}
            dataKey="week"
            series={[{ name: 'share', label: 'Посещаемость, %', color: 'blue.7' }]}
            unit=" %"
            yAxisProps={{ domain: [0, 100] }}
            connectNulls
          />
        )
      }
      table={() => (
        <>
          <FiguresTable
            label="Посещаемость по видам: таблица"
            head="Вид"
            rows={[
              ...d!.byKind.map((k): [ReactNode, Figures, string] => [KIND_TITLES[k.kind], k, k.kind]),
              [<b key="t">Итого</b>, d!.summary, 'total'],
            ]}
          />
          <FiguresTable
            label="Посещаемость по муниципалитетам: таблица"
            head="Муниципалитет"
            rows={d!.rows.map((r): [ReactNode, Figures, string] => [
              <AnchorLink
                key={r.territoryId ?? 'region'}
                to="/organizations"
                search={{ territoryId: r.territoryId ?? d!.territory.id, kind: 'school' }}
              >
                {r.name}
              </AnchorLink>,
              r,
              r.territoryId ?? 'region',
            ])}
          />
          <FiguresTable
            label="Посещаемость по неделям: таблица"
            head="Неделя с"
            rows={d!.weeks.map((w): [ReactNode, Figures, string] => [
              formatDate(w.weekStart),
              w,
              w.weekStart,
            ])}
          />
        </>
      )}
    />
  );
}
