import { Button, Card, Group, Select, Stack, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type OoeCase, type OoeUpdate, STATUS_TITLES, updateCase } from '../../api/out-of-education.ts';
import { DateField } from '../date/DateField.tsx';
import { notifyError, notifySuccess } from '../notify.tsx';

/** The work on an open case: the next status with a note, the responsible specialist, the deadline. */
export function CaseActions({ c, meId }: { c: OoeCase; meId: string | null }) {
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [deadline, setDeadline] = useState(c.deadline ?? '');
  useEffect(() => setDeadline(c.deadline ?? ''), [c.deadline]);
  const save = useMutation({
    mutationFn: (body: Omit<OoeUpdate, 'version'>) => updateCase(c.id, { version: c.version, ...body }),
    onSuccess: (card) => {
      qc.setQueryData(['out-of-education', 'case', c.id], card);
      void qc.invalidateQueries({ queryKey: ['out-of-education', 'cases'] });
      setNote('');
      notifySuccess('Случай обновлен');
    },
    onError: (e) => notifyError(e),
  });
  const trimmed = note.trim();
  const isMine = meId !== null && c.responsible?.id === meId;
  const canAssignMe = meId !== null && !isMine && c.specialists.some((s) => s.id === meId);
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Работа со случаем
        </Title>
        <Textarea
          label="Заметка"
          description="Что сделано, что выяснилось; при закрытии — чем завершился случай"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={4000}
        />
        <Group gap="xs" wrap="wrap">
          {c.nextStatuses.map((s) => (
            <Button
              key={s}
              variant={s === 'closed' ? 'outline' : 'filled'}
              color={s === 'closed' ? 'gray' : undefined}
              loading={save.isPending}
              disabled={s === 'closed' && !trimmed}
              onClick={() => save.mutate({ status: s, ...(trimmed ? { note: trimmed } : {}) })}
            >
              {s === 'closed' ? 'Закрыть случай' : `→ ${STATUS_TITLES[s]}`}
            </Button>
          ))}
          <Button
            variant="default"
            disabled={!trimmed}
            loading={save.isPending}
            onClick={() => save.mutate({ note: trimmed })}
          >
            Добавить заметку
          </Button>
        </Group>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Ответственный"
            placeholder="Не назначен"
            clearable
            data={c.specialists.map((s) => ({ value: s.id, label: s.name }))}
            value={c.responsible?.id ?? null}
            onChange={(v) => save.mutate({ responsibleUserId: v })}
            w={280}
          />
          {canAssignMe && (
            <Button variant="default" onClick={() => save.mutate({ responsibleUserId: meId })}>
              Назначить меня
            </Button>
          )}
          <DateField label="Срок" value={deadline} onChange={setDeadline} />
          <Button
            variant="default"
            disabled={
              deadline === (c.deadline ?? '') || (deadline !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(deadline))
            }
            onClick={() => save.mutate({ deadline: deadline || null })}
          >
            Сохранить срок
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
