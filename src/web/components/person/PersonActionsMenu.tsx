import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { PersonCard } from '../../api/person-types.ts';
import { MergeModal } from '../duplicates/MergeModal.tsx';
import { DestroyModal } from './DestroyModal.tsx';
import { PersonPicker } from './PersonPicker.tsx';

/** Merge and destruction of a record, each behind its own dialog (operators with those rights). */
export function PersonActionsMenu({ card }: { card: PersonCard }) {
  const allowed = new Set(card.allowedActions ?? []);
  const navigate = useNavigate();
  const [pickOpened, pick] = useDisclosure(false);
  const [destroyOpened, destroy] = useDisclosure(false);
  const [otherId, setOtherId] = useState<string | null>(null);
  const [pair, setPair] = useState<[string, string] | null>(null);
  return (
    <>
      {allowed.has('merge') && (
        <Button variant="default" onClick={pick.open}>
          Объединить
        </Button>
      )}
      {allowed.has('destroy') && (
        <Button variant="light" color="red" onClick={destroy.open}>
          Уничтожить
        </Button>
      )}
      <Modal opened={pickOpened} onClose={pick.close} title="Объединить с другой записью" size="lg">
        <Stack gap="sm">
          <Text size="sm">Выберите запись того же человека, с которой нужно объединить эту.</Text>
          <PersonPicker label="Вторая запись" value={otherId} onChange={setOtherId} excludeId={card.id} />
          <Group justify="flex-end">
            <Button variant="default" onClick={pick.close}>
              Отмена
            </Button>
            <Button
              disabled={!otherId}
              onClick={() => {
                setPair([card.id, otherId!]);
                pick.close();
              }}
            >
              Сравнить записи
            </Button>
          </Group>
        </Stack>
      </Modal>
      <MergeModal
        pair={pair}
        onClose={() => setPair(null)}
        onMerged={(_, survivorId) => {
          if (survivorId !== card.id) void navigate({ to: '/persons/$id', params: { id: survivorId } });
        }}
      />
      <DestroyModal card={card} opened={destroyOpened} onClose={destroy.close} />
    </>
  );
}
