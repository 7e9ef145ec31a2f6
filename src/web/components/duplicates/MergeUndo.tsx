import { Alert, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { personMergesQuery, useUndoPersonMerge } from '../../api/merges.ts';
import { formatDateTime } from '../format.ts';
import { notifyError, notifySuccess } from '../notify.tsx';

/**
 * On the survivor's card, while its latest merge can still be undone: when and why another record was
 * merged into it, and the undo. Hidden once the card changed since (undo would overwrite that work).
 */
export function MergeUndo({ personId }: { personId: string }) {
  const merges = useQuery(personMergesQuery(personId));
  const undo = useUndoPersonMerge();
  const merge = merges.data?.items.find((m) => m.undoable);
  if (!merge) return null;
  const run = async () => {
    try {
      await undo.mutateAsync(merge.id);
      notifySuccess('Объединение отменено: записи снова раздельные');
    } catch (err) {
      notifyError(err, 'Не удалось отменить объединение');
    }
  };
  return (
    <Alert color="blue" variant="light" mb="sm" data-testid="merge-undo">
      <Group gap="sm" justify="space-between">
        <Text size="sm">
          {formatDateTime(merge.mergedAt)} в эту запись объединена другая запись
          {merge.reason ? ` (основание: ${merge.reason})` : ''}.
        </Text>
        <Button size="compact-sm" variant="default" loading={undo.isPending} onClick={run}>
          Отменить объединение
        </Button>
      </Group>
    </Alert>
  );
}
