import { Card, Group, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Fragment, useState } from 'react';
import type { AuditEntry } from '../../api/types.ts';
import { auditActionLabel } from '../labels.ts';
import { useRegionTime } from '../region-time.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import { TableMessageRow } from '../TableMessageRow.tsx';
import { Details, DetailsToggle, Outcome, Who, Whom } from './audit-cells.tsx';

const COLUMNS = 6;

type Props = {
  label: string;
  rows: AuditEntry[];
  pending: boolean;
  /** Clicking the user's name filters the log by that user. */
  onActor?: (name: string) => void;
};

function useOpenRows() {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return { open, toggle };
}

/**
 * Audit events: who, whom, what and when (to the second, in the region's labelled zone). A table on a
 * desktop; on a phone one card per event, so nothing has to be scrolled sideways.
 */
export function AuditTable(props: Props) {
  const phone = useMediaQuery('(max-width: 48em)');
  return phone ? <AuditCards {...props} /> : <AuditRows {...props} />;
}

function AuditRows({ label, rows, pending, onActor }: Props) {
  const time = useRegionTime();
  const { open, toggle } = useOpenRows();
  return (
    <ScrollTable label={label} minWidth={860}>
      <Table striped withTableBorder verticalSpacing={4} fz="xs" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Когда, {time.title}</Table.Th>
            <Table.Th>Кто</Table.Th>
            <Table.Th>Действие</Table.Th>
            <Table.Th>Кого касается</Table.Th>
            <Table.Th>Результат</Table.Th>
            {/* Positioned, so the hidden text stays inside the scrolling frame. */}
            <Table.Th style={{ position: 'relative' }}>
              <VisuallyHidden>Подробности</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Fragment key={e.id}>
              <Table.Tr data-testid="audit-row">
                <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="audit-time">
                  {time.moment(e.at)}
                </Table.Td>
                <Table.Td>
                  <Who e={e} onActor={onActor} />
                </Table.Td>
                <Table.Td>{auditActionLabel(e.action)}</Table.Td>
                <Table.Td data-testid="audit-whom">
                  <Whom e={e} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Outcome e={e} />
                </Table.Td>
                <Table.Td>
                  <DetailsToggle open={open.has(e.id)} onToggle={() => toggle(e.id)} />
                </Table.Td>
              </Table.Tr>
              {open.has(e.id) && (
                <Table.Tr>
                  <Table.Td colSpan={COLUMNS}>
                    <Details e={e} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
          {pending &&
            [0, 1, 2].map((i) => (
              <Table.Tr key={i}>
                <Table.Td colSpan={COLUMNS}>
                  <Skeleton height={20} />
                </Table.Td>
              </Table.Tr>
            ))}
          {!pending && rows.length === 0 && (
            <TableMessageRow colSpan={COLUMNS} size="sm">
              Записей не найдено
            </TableMessageRow>
          )}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function AuditCards({ label, rows, pending, onActor }: Props) {
  const time = useRegionTime();
  const { open, toggle } = useOpenRows();
  if (pending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label={label}>
        <Skeleton height={96} />
        <Skeleton height={96} />
      </Stack>
    );
  }
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Записей не найдено
      </Text>
    );
  }
  return (
    <Stack gap="xs" aria-label={label} role="list" data-testid="audit-table">
      <Text size="xs" c="dimmed">
        Время — {time.title}
      </Text>
      {rows.map((e) => (
        <Card key={e.id} withBorder padding="xs" role="listitem" data-testid="audit-row">
          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
            <Text size="xs" fw={600} data-testid="audit-time">
              {time.moment(e.at)}
            </Text>
            <Outcome e={e} />
          </Group>
          <Text size="sm">{auditActionLabel(e.action)}</Text>
          <Text size="xs" data-testid="audit-whom">
            <Whom e={e} />
          </Text>
          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-end">
            <div>
              <Who e={e} onActor={onActor} />
            </div>
            <DetailsToggle open={open.has(e.id)} onToggle={() => toggle(e.id)} />
          </Group>
          {open.has(e.id) && <Details e={e} />}
        </Card>
      ))}
    </Stack>
  );
}
