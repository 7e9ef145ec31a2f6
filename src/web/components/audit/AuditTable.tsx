import { ActionIcon, Anchor, Badge, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { Fragment, useState } from 'react';
import { ROLE_TITLES, type Role } from '../../../common/roles.ts';
import type { AuditEntry, AuditOutcome } from '../../api/types.ts';
import { auditActionLabel, OBJECT_TYPE_LABELS, OUTCOME_COLORS, OUTCOME_LABELS } from '../labels.ts';
import { AnchorLink } from '../links.tsx';
import { useRegionTime } from '../region-time.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import { TableMessageRow } from '../TableMessageRow.tsx';

const COLUMNS = 6;

/** Whom an event is about, in words, with a link to the card where the reader may open it. */
function Whom({ e }: { e: AuditEntry }) {
  const others = e.subjectCount > 1 ? e.subjectCount - (e.objectType === 'person' ? 1 : 0) : 0;
  const more = others > 0 && (
    <Text span size="xs" c="dimmed">
      {e.objectLabel || e.objectType === 'person' ? ' и ещё ' : ''}
      {others} чел.
    </Text>
  );
  if (e.objectType === 'person' && e.objectId) {
    return e.objectLabel ? (
      <>
        <AnchorLink to="/persons/$id" params={{ id: e.objectId }} size="xs" data-testid="audit-person-link">
          {e.objectLabel}
        </AnchorLink>
        {more}
      </>
    ) : (
      <Text span size="xs" c="dimmed">
        Запись вне вашей области доступа{more}
      </Text>
    );
  }
  if (e.objectType === 'organization' && e.objectId && e.objectLabel) {
    return (
      <AnchorLink to="/organizations/$id" params={{ id: e.objectId }} size="xs">
        {e.objectLabel}
      </AnchorLink>
    );
  }
  if (e.objectType === 'user' && e.objectId && e.objectLabel) {
    return (
      <AnchorLink to="/users/$id" params={{ id: e.objectId }} size="xs">
        {e.objectLabel}
      </AnchorLink>
    );
  }
  if (more) return more;
  if (!e.objectType) return <>—</>;
  return <>{OBJECT_TYPE_LABELS[e.objectType] ?? e.objectType}</>;
}

function Details({ e }: { e: AuditEntry }) {
  const items: [string, string | null][] = [
    ['Код действия', e.action],
    [
      'Объект',
      e.objectType ? `${OBJECT_TYPE_LABELS[e.objectType] ?? e.objectType} ${e.objectId ?? ''}` : null,
    ],
    ['Затронуто людей', e.subjectCount ? String(e.subjectCount) : null],
    ['IP-адрес', e.ip],
    ['Код запроса', e.requestId],
    ['Номер записи журнала', e.id],
  ];
  return (
    <Group gap="lg" data-testid="audit-details">
      {items
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <Text key={k} size="xs">
            <Text span c="dimmed" size="xs">
              {k}:
            </Text>{' '}
            <span style={{ overflowWrap: 'anywhere' }}>{v}</span>
          </Text>
        ))}
    </Group>
  );
}

type Props = {
  label: string;
  rows: AuditEntry[];
  pending: boolean;
  /** Clicking the user's name filters the log by that user. */
  onActor?: (name: string) => void;
};

/** Audit events: who, whom, what and when (to the second, in the region's labelled zone). */
export function AuditTable({ label, rows, pending, onActor }: Props) {
  const time = useRegionTime();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
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
            <Table.Th>
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
                  {e.actor ? (
                    onActor ? (
                      <Anchor
                        size="xs"
                        component="button"
                        type="button"
                        title="Показать действия этого пользователя"
                        onClick={() => onActor(e.actor?.fullName ?? '')}
                      >
                        {e.actor.fullName}
                      </Anchor>
                    ) : (
                      <Text span size="xs">
                        {e.actor.fullName}
                      </Text>
                    )
                  ) : (
                    <Text span size="xs" c="dimmed">
                      Без входа в систему
                    </Text>
                  )}
                  {(e.actorRole || e.scopeName) && (
                    <Text size="xs" c="dimmed">
                      {[e.actorRole && (ROLE_TITLES[e.actorRole as Role] ?? e.actorRole), e.scopeName]
                        .filter(Boolean)
                        .join(', ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{auditActionLabel(e.action)}</Table.Td>
                <Table.Td data-testid="audit-whom">
                  <Whom e={e} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {/* The whole word, never «Успе…»: the label does not clip, the cell does not wrap. */}
                  <Badge
                    size="sm"
                    radius="sm"
                    variant="light"
                    color={OUTCOME_COLORS[e.outcome as AuditOutcome]}
                    styles={{
                      root: { overflow: 'visible' },
                      label: { overflow: 'visible', textOverflow: 'clip' },
                    }}
                    data-testid="audit-outcome"
                  >
                    {OUTCOME_LABELS[e.outcome as AuditOutcome] ?? e.outcome}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    aria-expanded={open.has(e.id)}
                    aria-label={open.has(e.id) ? 'Скрыть подробности' : 'Подробности'}
                    title="Подробности"
                    onClick={() => toggle(e.id)}
                  >
                    {open.has(e.id) ? '▴' : '▾'}
                  </ActionIcon>
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
          {pending && (
            <TableMessageRow colSpan={COLUMNS} size="sm">
              Загрузка…
            </TableMessageRow>
          )}
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
