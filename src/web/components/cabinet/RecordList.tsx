import { Paper, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { ScrollTable } from '../ScrollTable.tsx';

/** Below Mantine's `sm` breakpoint a table no longer fits: rows become cards. */
export const PHONE_QUERY = '(max-width: 47.99em)';
export const usePhone = () => useMediaQuery(PHONE_QUERY, false, { getInitialValueInEffect: false });

type Props = {
  /** Names the list for screen readers and tests («Обучение», «Кто обращался к данным»). */
  label: string;
  head: string[];
  rows: { key: string; cells: ReactNode[] }[];
  empty: string;
  testId?: string;
};

const shown = (c: ReactNode) => (c === null || c === undefined || c === '' ? '—' : c);

/**
 * A list of records as a table on a wide screen and as cards on a phone, where a parent reads one
 * record at a time and nothing scrolls sideways. Each card is a description list: the column's name
 * above its value, so no meaning is lost with the header row.
 */
export function RecordList({ label, head, rows, empty, testId }: Props) {
  const phone = usePhone();
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {empty}
      </Text>
    );
  if (phone)
    return (
      <Stack gap="xs" component="ul" aria-label={label} data-testid={testId} p={0} m={0}>
        {rows.map((r) => (
          <Paper key={r.key} component="li" withBorder p="sm" radius="sm" style={{ listStyle: 'none' }}>
            <dl className="record-card">
              {head.map((h, i) => (
                <div key={h}>
                  <dt>{h}</dt>
                  <dd>{shown(r.cells[i])}</dd>
                </div>
              ))}
            </dl>
          </Paper>
        ))}
      </Stack>
    );
  return (
    <ScrollTable label={label}>
      <Table withTableBorder striped fz="sm" verticalSpacing={6} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {head.map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              {r.cells.map((c, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                <Table.Td key={j}>{shown(c)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
