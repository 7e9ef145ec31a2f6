import { Alert, Badge, Button, Card, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { personVersionQuery, personVersionsQuery } from '../../../api/persons.ts';
import { formatDateTime } from '../../format.ts';
import { QueryError } from '../../QueryError.tsx';
import { PERSON_FIELD_LABELS } from '../person-format.ts';
import { personValueText, versionActionTitle } from './history-values.ts';
import {
  AddressesTable,
  ContactsTable,
  CoreInfo,
  DocumentsTable,
  HardshipsTable,
  type PersonData,
} from './PersonInfo.tsx';

const HIDDEN = new Set(['id']);

export function HistoryTab({ id }: { id: string }) {
  const query = useQuery(personVersionsQuery(id));
  const [shown, setShown] = useState<number | null>(null);
  if (query.isPending) return <Loader size="sm" />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <Alert color="gray">История изменений пуста</Alert>;
  return (
    <Stack gap="sm" data-testid="history-list">
      {query.data.map((entry) => {
        const changes = entry.changes.filter((c) => !HIDDEN.has(c.field));
        return (
          <Card key={entry.version} withBorder padding="sm">
            <Group justify="space-between" mb={changes.length ? 'xs' : 0}>
              <Group gap="xs">
                <Badge variant="light" radius="sm">
                  {versionActionTitle(entry.action)}
                </Badge>
                <Text size="sm" fw={500}>
                  {entry.actor?.fullName ?? 'Система'}
                </Text>
              </Group>
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {formatDateTime(entry.at)} · версия {entry.version}
                </Text>
                <Button size="compact-xs" variant="light" onClick={() => setShown(entry.version)}>
                  Показать версию {entry.version}
                </Button>
              </Group>
            </Group>
            {changes.length > 0 && (
              <Table fz="sm" verticalSpacing={4} withRowBorders>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="20%">Поле</Table.Th>
                    <Table.Th w="40%">Было</Table.Th>
                    <Table.Th>Стало</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {changes.map((c) => (
                    <Table.Tr key={c.field}>
                      <Table.Td>{PERSON_FIELD_LABELS[c.field] ?? c.field}</Table.Td>
                      <Table.Td c="dimmed">{personValueText(c.field, c.before)}</Table.Td>
                      <Table.Td>{personValueText(c.field, c.after)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        );
      })}
      <Modal
        opened={shown !== null}
        onClose={() => setShown(null)}
        title={`Версия ${shown ?? ''} (только просмотр)`}
        size="80rem"
      >
        {shown !== null && <VersionView id={id} version={shown} />}
      </Modal>
    </Stack>
  );
}

function VersionView({ id, version }: { id: string; version: number }) {
  const query = useQuery(personVersionQuery(id, version));
  if (query.isPending) return <Loader size="sm" />;
  if (query.isError) return <QueryError error={query.error} />;
  const raw = query.data.snapshot as Partial<PersonData>;
  // Older snapshots may lack a list: read it as empty rather than failing.
  const p: PersonData = {
    ...(raw as PersonData),
    documents: raw.documents ?? [],
    addresses: raw.addresses ?? [],
    contacts: raw.contacts ?? [],
    hardships: raw.hardships ?? [],
    citizenship: raw.citizenship ?? { codes: [], stateless: false },
  };
  return (
    <Stack gap="md" data-testid="version-snapshot">
      <Text size="sm" c="dimmed">
        Состояние записи на {formatDateTime(query.data.at)}
      </Text>
      <CoreInfo p={p} />
      <Title order={5}>Документы</Title>
      <DocumentsTable p={p} />
      <Title order={5}>Адреса</Title>
      <AddressesTable p={p} />
      <Title order={5}>Контакты</Title>
      <ContactsTable p={p} />
      <Title order={5}>Трудная жизненная ситуация</Title>
      <HardshipsTable p={p} />
    </Stack>
  );
}
