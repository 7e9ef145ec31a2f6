import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { DuplicateCandidate, InScopeCandidate } from '../../../api/person-types.ts';
import { formatDate } from '../../format.ts';
import { ReasonField, useReason } from '../../ReasonField.tsx';

type Props = {
  candidates: DuplicateCandidate[] | null;
  onClose: () => void;
  /** The operator recognised the person: use the existing record. */
  onSame: (candidate: InScopeCandidate) => Promise<void>;
  /** None of them is the person: save anyway, with the stated reason. */
  onDifferent: (reason: string) => Promise<void>;
  /** A match outside the caller's scope: ask the organization holding it (an access request). */
  onRequest?: (matchToken: string) => Promise<void>;
  sameLabel?: string;
  /** Whose duplicates these are, when the form holds more than one person. */
  title?: string;
  intro?: string;
};

const INTRO =
  'В реестре есть люди с той же датой рождения и похожими ФИО. Если это тот же человек, используйте существующую запись — второй записи об одном человеке быть не должно.';

/** Answer to 409 duplicate_candidates: pick the existing record or state why this is another person. */
export function DuplicateDialog({
  candidates,
  onClose,
  onSame,
  onDifferent,
  onRequest,
  sameLabel = 'Это он(а)',
  title = 'Найдены похожие записи',
  intro = INTRO,
}: Props) {
  return (
    <Modal opened={!!candidates} onClose={onClose} title={title} size="xl">
      {candidates && (
        <DuplicateChoice
          candidates={candidates}
          onClose={onClose}
          onSame={onSame}
          onDifferent={onDifferent}
          onRequest={onRequest}
          sameLabel={sameLabel}
          intro={intro}
        />
      )}
    </Modal>
  );
}

const outsideNote = (
  <div>
    <Badge mr={6} size="xs" variant="outline" color="gray">
      вне вашей области доступа
    </Badge>
    <Text span size="sm" c="dimmed">
      Совпадение в другой организации. Сведения о нем не показываются: направьте запрос доступа или обратитесь
      в муниципальный орган управления образованием.
    </Text>
  </div>
);

function DuplicateChoice({
  candidates,
  onClose,
  onSame,
  onDifferent,
  onRequest,
  sameLabel,
  intro,
}: Required<Omit<Props, 'candidates' | 'onRequest' | 'title'>> &
  Pick<Props, 'onRequest'> & { candidates: DuplicateCandidate[] }) {
  const narrow = useMediaQuery('(max-width: 40em)', false, { getInitialValueInEffect: false });
  const reasonField = useReason('причину');
  // The reason field appears only once the clerk says it is someone else: using the existing record is
  // the expected way out, and the dialog leads there.
  const [explaining, setExplaining] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, action: () => Promise<void>) => {
    setBusy(key);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };
  const different = () => {
    if (!explaining) {
      setExplaining(true);
      return;
    }
    const reason = reasonField.take();
    if (reason !== null) void run('different', () => onDifferent(reason));
  };
  const firstInScope = candidates.findIndex((c) => c.inScope);
  // The safe answer is the filled button and has the focus: Enter uses the existing record.
  const sameButton = (c: InScopeCandidate, i: number) => (
    <Button
      size="xs"
      variant="filled"
      data-autofocus={i === firstInScope ? true : undefined}
      loading={busy === c.id}
      disabled={!!busy && busy !== c.id}
      onClick={() => void run(c.id, () => onSame(c))}
    >
      {sameLabel}
    </Button>
  );
  const requestButton = (token: string) =>
    onRequest && (
      <Button
        size="xs"
        variant="light"
        loading={busy === token}
        disabled={!!busy && busy !== token}
        onClick={() => void run(token, () => onRequest(token))}
      >
        Направить запрос
      </Button>
    );
  return (
    <Stack gap="sm" data-testid="duplicate-dialog">
      <Alert color="yellow" variant="light">
        {intro}
      </Alert>
      {narrow ? (
        // On a phone the table would hide the answer buttons off screen: one card per candidate instead.
        <Stack gap="xs" role="list" aria-label="Похожие записи">
          {candidates.map((c, i) => (
            <Paper key={c.inScope ? c.id : c.matchToken} withBorder p="sm" role="listitem">
              {c.inScope ? (
                <Stack gap={6}>
                  <Text fw={600}>{c.displayName}</Text>
                  <Text size="sm">
                    {formatDate(c.birthDate)} · {c.organization ?? 'не обучается'} · сходство{' '}
                    {Math.round(c.score * 100)}%
                  </Text>
                  {sameButton(c, i)}
                </Stack>
              ) : (
                <Stack gap={6} data-testid="out-of-scope-match">
                  {outsideNote}
                  {requestButton(c.matchToken)}
                </Stack>
              )}
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table withTableBorder fz="sm" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>ФИО</Table.Th>
              <Table.Th>Дата рождения</Table.Th>
              <Table.Th>Организация</Table.Th>
              <Table.Th>Сходство</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {candidates.map((c, i) =>
              c.inScope ? (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.displayName}</Table.Td>
                  <Table.Td>{formatDate(c.birthDate)}</Table.Td>
                  <Table.Td>{c.organization ?? '—'}</Table.Td>
                  <Table.Td>{Math.round(c.score * 100)}%</Table.Td>
                  <Table.Td>{sameButton(c, i)}</Table.Td>
                </Table.Tr>
              ) : (
                <Table.Tr key={c.matchToken} data-testid="out-of-scope-match">
                  <Table.Td colSpan={4}>{outsideNote}</Table.Td>
                  <Table.Td>{requestButton(c.matchToken)}</Table.Td>
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      )}
      {explaining && (
        <ReasonField
          label="Почему это другой человек"
          description="Причина сохраняется, и эта пара не попадет в отчет о дубликатах"
          autoFocus
          field={reasonField.field}
        />
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          Найдено похожих записей: {candidates.length}
        </Text>
        <Group gap="xs">
          <Button variant="default" onClick={onClose} disabled={!!busy}>
            Отмена
          </Button>
          <Button
            variant={explaining ? 'outline' : 'subtle'}
            color="orange"
            loading={busy === 'different'}
            disabled={!!busy}
            onClick={different}
          >
            {explaining ? 'Сохранить как другого человека' : 'Это другой человек'}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
