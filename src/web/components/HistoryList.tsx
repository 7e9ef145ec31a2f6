import { Alert, Badge, Card, Group, List, Skeleton, Stack, Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { HistoryEntry } from '../api/types.ts';
import { QueryError } from './QueryError.tsx';
import { useRegionTime } from './region-time.ts';

const NO_HIDDEN: ReadonlySet<string> = new Set();

type Props = {
  query: UseQueryResult<HistoryEntry[]>;
  actionLabel: (action: string) => string;
  fieldLabels: Record<string, string>;
  valueText: (field: string, value: unknown) => string;
  /** Widths of the «Поле» and «Было» columns. */
  widths: [string, string];
  /** Technical fields that are never shown as a change. */
  hiddenFields?: ReadonlySet<string>;
  /** Controls next to the date of an entry (e.g. opening that version). */
  entryActions?: (entry: HistoryEntry) => ReactNode;
  /** The entry in sentences instead of a field table («Изменена фамилия: Иванова → Петрова»). */
  sentences?: (entry: HistoryEntry) => string[];
  /** Rendered after the entries (e.g. a modal they open). */
  children?: ReactNode;
};

/** The change history of a record: each version with who and when changed it and the fields before/after. */
export function HistoryList(props: Props) {
  const {
    query,
    actionLabel,
    fieldLabels,
    valueText,
    widths,
    hiddenFields = NO_HIDDEN,
    entryActions,
    sentences,
  } = props;
  const time = useRegionTime();
  if (query.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Загрузка истории">
        <Skeleton height={64} />
        <Skeleton height={64} />
      </Stack>
    );
  }
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <Alert color="gray">История изменений пуста</Alert>;
  return (
    <Stack gap="sm" data-testid="history-list">
      {query.data.map((entry) => {
        const changes = sentences ? [] : entry.changes.filter((c) => !hiddenFields.has(c.field));
        const lines = sentences?.(entry) ?? [];
        const when = (
          <Text size="sm" c="dimmed" data-testid="history-time">
            {time.moment(entry.at)} · версия {entry.version}
          </Text>
        );
        return (
          <Card key={`${entry.version}-${entry.at}`} withBorder padding="sm">
            <Group justify="space-between" mb={changes.length || lines.length ? 'xs' : 0}>
              <Group gap="xs">
                <Badge variant="light" radius="sm">
                  {actionLabel(entry.action)}
                </Badge>
                <Text size="sm" fw={500}>
                  {entry.actor?.fullName ?? 'Система'}
                </Text>
              </Group>
              {entryActions ? (
                <Group gap="xs">
                  {when}
                  {entryActions(entry)}
                </Group>
              ) : (
                when
              )}
            </Group>
            {lines.length > 0 && (
              <List size="sm" spacing={2} data-testid="history-sentences">
                {lines.map((line, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: sentences of one entry may repeat
                  <List.Item key={i}>{line}</List.Item>
                ))}
              </List>
            )}
            {changes.length > 0 && (
              <Table fz="sm" verticalSpacing={4} withRowBorders>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={widths[0]}>Поле</Table.Th>
                    <Table.Th w={widths[1]}>Было</Table.Th>
                    <Table.Th>Стало</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {changes.map((c) => (
                    <Table.Tr key={c.field}>
                      <Table.Td>{fieldLabels[c.field] ?? c.field}</Table.Td>
                      <Table.Td c="dimmed">{valueText(c.field, c.before)}</Table.Td>
                      <Table.Td>{valueText(c.field, c.after)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        );
      })}
      {props.children}
    </Stack>
  );
}
