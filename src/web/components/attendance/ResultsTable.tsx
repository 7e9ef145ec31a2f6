import { Table } from '@mantine/core';
import type { PersonResults } from '../../api/attendance.ts';
import { ScrollTable } from '../ScrollTable.tsx';

type Item = PersonResults['items'][number];

const PERIOD_SHORT: Record<string, string> = {
  quarter: 'четв.',
  trimester: 'трим.',
  half_year: 'полуг.',
  module: 'модуль',
};

const columnOf = (i: Item) =>
  i.kind === 'period' ? `${i.periodNumber} ${PERIOD_SHORT[i.periodType ?? ''] ?? ''}`.trim() : i.kind;

/** Marks of one school year as the report card reads: a row per subject, periods, then year and final. */
export function ResultsTable({ items }: { items: Item[] }) {
  const periods = [
    ...new Map(
      items
        .filter((i) => i.kind === 'period')
        .sort((a, b) => (a.periodNumber ?? 0) - (b.periodNumber ?? 0))
        .map((i) => [columnOf(i), i]),
    ).keys(),
  ];
  const columns = [...periods, 'annual', 'final'];
  const subjects = new Map<string, Map<string, Item>>();
  for (const i of items) {
    const row = subjects.get(i.subject) ?? new Map<string, Item>();
    row.set(columnOf(i), i);
    subjects.set(i.subject, row);
  }
  const title = (c: string) => (c === 'annual' ? 'Год' : c === 'final' ? 'Итог' : c);
  return (
    <ScrollTable label="Отметки" minWidth={360}>
      <Table striped withTableBorder data-testid="results-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Предмет</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c} ta="center">
                {title(c)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...subjects].map(([subject, row]) => (
            <Table.Tr key={subject}>
              <Table.Td>{subject}</Table.Td>
              {columns.map((c) => {
                const m = row.get(c);
                return (
                  <Table.Td
                    key={c}
                    ta="center"
                    title={m ? `${m.organizationName}, ${m.gradedOn}` : undefined}
                  >
                    {m ? (m.grade === 'pass' ? 'зачет' : m.grade === 'fail' ? 'незачет' : m.grade) : '—'}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
