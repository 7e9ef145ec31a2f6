import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { DuplicateCandidate } from '../../../api/person-types.ts';
import { formatDate } from '../../format.ts';

type Props = {
  candidates: DuplicateCandidate[] | null;
  onClose: () => void;
  /** The operator recognised the person: use the existing record. */
  onSame: (candidate: DuplicateCandidate) => Promise<void>;
  /** None of them is the person: save anyway, with the stated reason. */
  onDifferent: (reason: string) => Promise<void>;
  sameLabel?: string;
};

/** Answer to 409 duplicate_candidates: pick the existing record or state why this is another person. */
export function DuplicateDialog({
  candidates,
  onClose,
  onSame,
  onDifferent,
  sameLabel = 'Это он(а)',
}: Props) {
  return (
    <Modal opened={!!candidates} onClose={onClose} title="Найдены похожие записи" size="xl">
      {candidates && (
        <DuplicateChoice
          candidates={candidates}
          onClose={onClose}
          onSame={onSame}
          onDifferent={onDifferent}
          sameLabel={sameLabel}
        />
      )}
    </Modal>
  );
}

function DuplicateChoice({
  candidates,
  onClose,
  onSame,
  onDifferent,
  sameLabel,
}: Required<Omit<Props, 'candidates'>> & { candidates: DuplicateCandidate[] }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
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
    if (reason.trim().length < 5) {
      setError('Укажите причину (не менее 5 символов)');
      return;
    }
    void run('different', () => onDifferent(reason.trim()));
  };
  return (
    <Stack gap="sm" data-testid="duplicate-dialog">
      <Alert color="yellow" variant="light">
        В реестре есть люди с той же датой рождения и похожими ФИО. Если это тот же человек, используйте
        существующую запись — второй записи об одном человеке быть не должно.
      </Alert>
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
          {candidates.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                {c.displayName}
                {!c.inScope && (
                  <Badge ml={6} size="xs" variant="outline" color="gray">
                    другая организация
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{formatDate(c.birthDate)}</Table.Td>
              <Table.Td>{c.organization ?? '—'}</Table.Td>
              <Table.Td>{Math.round(c.score * 100)}%</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  loading={busy === c.id}
                  disabled={!!busy && busy !== c.id}
                  onClick={() => void run(c.id, () => onSame(c))}
                >
                  {sameLabel}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Textarea
        label="Почему это другой человек"
        description="Причина сохраняется, и эта пара не попадет в отчет о дубликатах"
        required
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setError(undefined);
        }}
        error={error}
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          Найдено похожих записей: {candidates.length}
        </Text>
        <Group gap="xs">
          <Button variant="default" onClick={onClose} disabled={!!busy}>
            Отмена
          </Button>
          <Button color="orange" loading={busy === 'different'} disabled={!!busy} onClick={different}>
            Это другой человек
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
