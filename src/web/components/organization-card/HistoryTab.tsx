import { Alert, Badge, Card, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { organizationHistoryQuery } from '../../api/organizations.ts';
import { formatDate, formatDateTime } from '../format.ts';
import {
  historyActionLabel,
  LEGAL_FORMS,
  ORG_FIELD_LABELS,
  ORG_KIND_LABELS,
  ORG_STATUS_LABELS,
} from '../labels.ts';
import { QueryError } from '../QueryError.tsx';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T/;

/** A history value in words: codes to labels, dates to ДД.ММ.ГГГГ, objects to «поле: значение». */
export function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Да' : 'Нет';
  if (typeof value === 'string') {
    if (field === 'kind') return ORG_KIND_LABELS[value as keyof typeof ORG_KIND_LABELS] ?? value;
    if (field === 'status') return ORG_STATUS_LABELS[value as keyof typeof ORG_STATUS_LABELS] ?? value;
    if (field === 'legalForm') return LEGAL_FORMS[value] ? `${value} — ${LEGAL_FORMS[value]}` : value;
    if (DATE_RE.test(value)) return formatDate(value);
    if (INSTANT_RE.test(value)) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue(field, v)).join('; ');
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => {
        const path = `${field}.${k}`;
        const label = ORG_FIELD_LABELS[path]?.replace(/^[^:]+: /, '') ?? k;
        return `${label}: ${formatValue(path, v)}`;
      });
    return parts.length ? parts.join('; ') : '—';
  }
  return String(value);
}

export function HistoryTab({ id }: { id: string }) {
  const query = useQuery(organizationHistoryQuery(id));
  if (query.isPending) return <Loader size="sm" />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <Alert color="gray">История изменений пуста</Alert>;
  return (
    <Stack gap="sm" data-testid="history-list">
      {query.data.map((entry) => (
        <Card key={`${entry.version}-${entry.at}`} withBorder padding="sm">
          <Group justify="space-between" mb={entry.changes.length ? 'xs' : 0}>
            <Group gap="xs">
              <Badge variant="light" radius="sm">
                {historyActionLabel(entry.action)}
              </Badge>
              <Text size="sm" fw={500}>
                {entry.actor?.fullName ?? 'Система'}
              </Text>
            </Group>
            <Text size="sm" c="dimmed">
              {formatDateTime(entry.at)} · версия {entry.version}
            </Text>
          </Group>
          {entry.changes.length > 0 && (
            <Table fz="sm" verticalSpacing={4} withRowBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="25%">Поле</Table.Th>
                  <Table.Th w="37%">Было</Table.Th>
                  <Table.Th>Стало</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entry.changes.map((c) => (
                  <Table.Tr key={c.field}>
                    <Table.Td>{ORG_FIELD_LABELS[c.field] ?? c.field}</Table.Td>
                    <Table.Td c="dimmed">{formatValue(c.field, c.before)}</Table.Td>
                    <Table.Td>{formatValue(c.field, c.after)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      ))}
    </Stack>
  );
}
