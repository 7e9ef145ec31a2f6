import { BarChart } from '@mantine/charts';
import { Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { signOffPanelQuery } from '../../api/dashboards.ts';
import { formatDate } from '../format.ts';
import { AnchorLink } from '../links.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { barsHeight, num } from './figures.ts';
import { PanelCard } from './PanelCard.tsx';

/** Each form's sign-off on its reference date: signed, returned for correction, not signed yet. */
export function SignOffPanel({ territoryId }: { territoryId: string | undefined }) {
  const q = useQuery(signOffPanelQuery(territoryId));
  const navigate = useNavigate();
  const d = q.data;
  const formLink = (f: { code: string; edition: string; referenceDate: string }) => ({
    to: '/stat-forms/$code/$edition' as const,
    params: { code: f.code, edition: f.edition },
    search: { territoryId: d!.territory.id, asOf: f.referenceDate },
  });
  return (
    <PanelCard
      panel="sign-off"
      title="Подписание статистических форм"
      note="Организации, которые сдают форму, на ее последнюю отчетную дату"
      territoryId={territoryId}
      query={q}
      chart={() => (
        <BarChart
          h={barsHeight(d!.forms.length)}
          data={d!.forms.map((f) => ({
            ...f,
            label: `${f.name} на ${formatDate(f.referenceDate)}`,
          }))}
          dataKey="label"
          type="stacked"
          orientation="vertical"
          yAxisProps={{ width: 150, interval: 0 }}
          series={[
            { name: 'signed', label: 'Подписано', color: 'teal.7' },
            { name: 'returned', label: 'Возвращено', color: 'orange.7' },
            { name: 'missing', label: 'Не подписано', color: 'gray.5' },
          ]}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          valueFormatter={num}
          barProps={{
            cursor: 'pointer',
            onClick: (bar: { payload?: { code: string; edition: string; referenceDate: string } }) =>
              bar.payload && void navigate(formLink(bar.payload)),
          }}
        />
      )}
      table={() => (
        <ScrollTable label="Подписание форм: таблица" minWidth={620}>
          <Table withTableBorder striped fz="sm" data-testid="sign-off-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Форма</Table.Th>
                <Table.Th>Отчетная дата</Table.Th>
                <Table.Th ta="right">Ожидается</Table.Th>
                <Table.Th ta="right">Подписано</Table.Th>
                <Table.Th ta="right">Возвращено</Table.Th>
                <Table.Th ta="right">Не подписано</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d!.forms.map((f) => (
                <Table.Tr key={`${f.code}@${f.edition}`}>
                  <Table.Td>
                    <AnchorLink {...formLink(f)}>
                      {f.name} (ред. {f.edition})
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{formatDate(f.referenceDate)}</Table.Td>
                  <Table.Td ta="right">{num(f.expected)}</Table.Td>
                  <Table.Td ta="right">{num(f.signed)}</Table.Td>
                  <Table.Td ta="right">{num(f.returned)}</Table.Td>
                  <Table.Td ta="right">{num(f.missing)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    />
  );
}
