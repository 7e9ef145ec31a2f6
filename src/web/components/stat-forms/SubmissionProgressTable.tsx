import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type SubmissionItem, submissionsQuery } from '../../api/stat-forms.ts';
import { formatDateTime } from '../format.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import { can, useSession } from '../session.ts';
import { ReturnSubmissionDialog } from './ReturnSubmissionDialog.tsx';

const STATUS = {
  signed: { label: 'Подписана', color: 'green' },
  returned: { label: 'Возвращена', color: 'orange' },
  missing: { label: 'Не сдана', color: 'gray' },
} as const;

/**
 * Who in the territory has signed the form for the date: those who haven't first, then the returned
 * ones, then the signed. A municipality (the region) returns a signed form with a reason.
 */
export function SubmissionProgressTable(p: {
  code: string;
  edition: string;
  territoryId: string;
  asOf: string;
}) {
  const session = useSession();
  const progress = useQuery(
    submissionsQuery(p.code, p.edition, { territoryId: p.territoryId, asOf: p.asOf }),
  );
  const [returning, setReturning] = useState<SubmissionItem | null>(null);
  const d = progress.data;
  if (!d) return null;
  const mayReturn = can(session, 'statForm.return');
  return (
    <Stack gap="xs" data-testid="submission-progress">
      <Title order={2} size="h4">
        Сдача формы организациями
      </Title>
      <Text size="sm">
        Подписали <b>{d.summary.signed}</b> из {d.summary.expected}; возвращено на исправление —{' '}
        {d.summary.returned}, не сдали — {d.summary.missing}. Сводная форма территории — сумма подписанных
        форм.
      </Text>
      <ScrollTable label="Сдача формы" minWidth={640}>
        <Table withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Организация</Table.Th>
              <Table.Th>Состояние</Table.Th>
              <Table.Th>Подписана</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.items.map((i) => (
              <Table.Tr key={i.organizationId} data-organization={i.organizationId}>
                <Table.Td>{i.organizationName}</Table.Td>
                <Table.Td miw={150}>
                  <Badge color={STATUS[i.status].color} variant="light">
                    {STATUS[i.status].label}
                  </Badge>
                  {i.returnReason && (
                    <Text size="xs" c="dimmed">
                      {i.returnReason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{i.signedAt ? `${formatDateTime(i.signedAt)}, ${i.signedBy ?? ''}` : '—'}</Table.Td>
                <Table.Td>
                  {mayReturn && i.status === 'signed' && (
                    <Group justify="flex-end">
                      <Button size="xs" variant="default" onClick={() => setReturning(i)}>
                        Вернуть
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {returning && (
        <ReturnSubmissionDialog
          code={p.code}
          edition={p.edition}
          item={returning}
          onClose={() => setReturning(null)}
        />
      )}
    </Stack>
  );
}
