import { ActionIcon, Anchor, Badge, Group, Text } from '@mantine/core';
import { ROLE_TITLES, type Role } from '../../../common/roles.ts';
import type { AuditEntry, AuditOutcome } from '../../api/types.ts';
import { OBJECT_TYPE_LABELS, OUTCOME_COLORS, OUTCOME_LABELS } from '../labels.ts';
import { AnchorLink } from '../links.tsx';

/** The parts of an audit event that the table (desktop) and the cards (phone) show alike. */

/** Whom an event is about, in words, with a link to the card where the reader may open it. */
export function Whom({ e }: { e: AuditEntry }) {
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
  // No one record: a search, a list, a report. Its people are counted, never named here.
  const what = e.objectType && e.objectType !== 'person' ? (OBJECT_TYPE_LABELS[e.objectType] ?? null) : null;
  const people = e.subjectCount > 0 ? `${e.subjectCount} чел.` : null;
  const text = [what, people].filter(Boolean).join(', ');
  return <>{text || '—'}</>;
}

export function Details({ e }: { e: AuditEntry }) {
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

/** Who acted: the user (a button that filters the log by them, where offered), their role and place. */
export function Who({ e, onActor }: { e: AuditEntry; onActor?: ((name: string) => void) | undefined }) {
  return (
    <>
      {e.actor ? (
        onActor ? (
          <Anchor
            size="xs"
            component="button"
            type="button"
            ta="left"
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
    </>
  );
}

/** The result as a whole word, never «Успе…»: the label does not clip. */
export function Outcome({ e }: { e: AuditEntry }) {
  return (
    <Badge
      size="sm"
      radius="sm"
      variant="light"
      color={OUTCOME_COLORS[e.outcome as AuditOutcome]}
      styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible', textOverflow: 'clip' } }}
      data-testid="audit-outcome"
    >
      {OUTCOME_LABELS[e.outcome as AuditOutcome] ?? e.outcome}
    </Badge>
  );
}

export function DetailsToggle({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <ActionIcon
      variant="subtle"
      size="sm"
      aria-expanded={open}
      aria-label={open ? 'Скрыть подробности' : 'Подробности'}
      title="Подробности"
      onClick={onToggle}
    >
      {open ? '▴' : '▾'}
    </ActionIcon>
  );
}
