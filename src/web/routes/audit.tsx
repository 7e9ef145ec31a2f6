import { Anchor, Badge, Button, Group, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLE_TITLES, type Role } from '../../common/roles.ts';
import { type AuditFilters, auditQuery } from '../api/audit.ts';
import type { AuditOutcome } from '../api/types.ts';
import { formatDateTime } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import {
  AUDIT_ACTION_LABELS,
  auditActionLabel,
  OBJECT_TYPE_LABELS,
  OUTCOME_COLORS,
  OUTCOME_LABELS,
  toOptions,
} from '../components/labels.ts';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const actionOptions = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({
  value,
  label: `${label} (${value})`,
}));

export function AuditPage() {
  const [action, setAction] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [objectType, setObjectType] = useState<string | null>(null);
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [actor, setActor] = useState('');
  const [objectId, setObjectId] = useState('');
  const [debouncedActor] = useDebouncedValue(actor.trim(), 400);
  const [debouncedObject] = useDebouncedValue(objectId.trim(), 400);
  const actorInvalid = debouncedActor !== '' && !UUID_RE.test(debouncedActor);

  const filters: AuditFilters = {
    action: action ?? undefined,
    outcome: (outcome as AuditOutcome | null) ?? undefined,
    objectType: objectType ?? undefined,
    objectId: debouncedObject || undefined,
    actorUserId: debouncedActor && !actorInvalid ? debouncedActor : undefined,
    from: range[0] ?? undefined,
    to: range[1] ?? range[0] ?? undefined,
  };
  const query = useInfiniteQuery(auditQuery(filters));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];

  const reset = () => {
    setAction(null);
    setOutcome(null);
    setObjectType(null);
    setRange([null, null]);
    setActor('');
    setObjectId('');
  };

  return (
    <>
      <Title order={1} size="h2" mb="md">
        Журнал аудита
      </Title>
      <Group gap="sm" mb="md" align="flex-end" role="search">
        <LabeledSelect
          label="Действие"
          w={300}
          searchable
          clearable
          placeholder="Все"
          data={actionOptions}
          value={action}
          onChange={setAction}
        />
        <LabeledSelect
          label="Результат"
          w={150}
          clearable
          placeholder="Все"
          data={toOptions(OUTCOME_LABELS)}
          value={outcome}
          onChange={setOutcome}
        />
        <DatePickerInput
          type="range"
          label="Период"
          w={230}
          clearable
          allowSingleDateInRange
          valueFormat="DD.MM.YYYY"
          placeholder="Любой"
          value={range}
          onChange={(v) => setRange([v[0] ?? null, v[1] ?? null])}
        />
        <TextInput
          label="ID пользователя"
          w={300}
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
          error={actorInvalid ? 'Нужен идентификатор (UUID)' : undefined}
        />
        <LabeledSelect
          label="Тип объекта"
          w={170}
          clearable
          placeholder="Все"
          data={toOptions(OBJECT_TYPE_LABELS)}
          value={objectType}
          onChange={setObjectType}
        />
        <TextInput
          label="ID объекта"
          w={200}
          value={objectId}
          onChange={(e) => setObjectId(e.currentTarget.value)}
        />
        <Button variant="subtle" onClick={reset}>
          Сбросить
        </Button>
      </Group>
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить журнал" />}
      <ScrollTable label="Журнал аудита" minWidth={900}>
        <Table striped withTableBorder verticalSpacing={4} fz="xs" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Дата и время</Table.Th>
              <Table.Th>Пользователь</Table.Th>
              <Table.Th>Роль / область</Table.Th>
              <Table.Th>Действие</Table.Th>
              <Table.Th>Объект</Table.Th>
              <Table.Th>Результат</Table.Th>
              <Table.Th>IP-адрес</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>
                  {e.actor ? (
                    <Tooltip label="Показать действия этого пользователя">
                      <Anchor
                        size="xs"
                        component="button"
                        type="button"
                        onClick={() => setActor(e.actor?.id ?? '')}
                      >
                        {e.actor.fullName}
                      </Anchor>
                    </Tooltip>
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {[e.actorRole && (ROLE_TITLES[e.actorRole as Role] ?? e.actorRole), e.scopeName]
                    .filter(Boolean)
                    .join(' / ') || '—'}
                </Table.Td>
                <Table.Td title={e.action}>{auditActionLabel(e.action)}</Table.Td>
                <Table.Td>
                  {e.objectType ? (OBJECT_TYPE_LABELS[e.objectType] ?? e.objectType) : '—'}
                  {e.objectId && (
                    <Text span size="xs" c="dimmed" ff="monospace" ml={4} title={e.objectId}>
                      {e.objectId.slice(0, 8)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge
                    size="sm"
                    radius="sm"
                    variant="light"
                    color={OUTCOME_COLORS[e.outcome as AuditOutcome]}
                  >
                    {OUTCOME_LABELS[e.outcome as AuditOutcome] ?? e.outcome}
                  </Badge>
                </Table.Td>
                <Table.Td ff="monospace" title={e.requestId ? `Код запроса ${e.requestId}` : undefined}>
                  {e.ip ?? '—'}
                </Table.Td>
              </Table.Tr>
            ))}
            {!query.isPending && rows.length === 0 && (
              <TableMessageRow colSpan={7} size="sm">
                Записей не найдено
              </TableMessageRow>
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore query={query} />
    </>
  );
}
