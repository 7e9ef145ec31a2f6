import { Table } from '@mantine/core';
import type { PreviewClass } from '../../api/promotions.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import { countsOf, type Decision } from './outcomes.ts';

const COLUMNS = [
  ['normal', 'Переводятся'],
  ['conditional', 'Условно'],
  ['repeat', 'Повторно'],
  ['adapted', 'Адапт. программа / ИУП'],
  ['graduation', 'Выпуск'],
  ['exclude', 'Не переводятся'],
] as const;

/** Step 3: what the orders will say, class by class, with the totals. */
export function PreviewSummary({
  classes,
  decisions,
}: {
  classes: PreviewClass[];
  decisions: Map<string, Decision>;
}) {
  const rows = classes.map((c) => ({ c, n: countsOf(c, decisions) }));
  const cell = (n: ReturnType<typeof countsOf>, key: (typeof COLUMNS)[number][0]) =>
    key === 'adapted' ? n.adapted + n.individual_plan : n[key];
  const total = (key: (typeof COLUMNS)[number][0]) => rows.reduce((s, r) => s + cell(r.n, key), 0);
  return (
    <ScrollTable label="Итоги перевода по классам" minWidth={640}>
      <Table withTableBorder striped fz="sm" data-testid="promotion-summary">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Класс</Table.Th>
            <Table.Th>Куда</Table.Th>
            {COLUMNS.map(([k, title]) => (
              <Table.Th key={k}>{title}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ c, n }) => (
            <Table.Tr key={c.unitId}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{c.target ? c.target.name : '—'}</Table.Td>
              {COLUMNS.map(([k]) => (
                <Table.Td key={k}>{cell(n, k) || '—'}</Table.Td>
              ))}
            </Table.Tr>
          ))}
          <Table.Tr fw={700}>
            <Table.Td colSpan={2}>Всего</Table.Td>
            {COLUMNS.map(([k]) => (
              <Table.Td key={k} data-testid={`promotion-total-${k}`}>
                {total(k)}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
