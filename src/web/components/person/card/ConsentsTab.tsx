import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Consent, consentsQuery, useRevokeConsent } from '../../../api/person-extras.ts';
import type { PersonCard } from '../../../api/person-types.ts';
import { today } from '../../format.ts';
import { notifyError, notifySuccess } from '../../notify.tsx';
import { QueryError } from '../../QueryError.tsx';
import { ListSkeleton } from '../../Skeletons.tsx';
import { can, useSession } from '../../session.ts';
import { DateField } from '../form/fields.tsx';
import { ConsentsView } from './ConsentsView.tsx';
import { GiveConsentForm } from './GiveConsentForm.tsx';

export function ConsentsTab({ card }: { card: PersonCard }) {
  const session = useSession();
  const query = useQuery(consentsQuery(card.id));
  const [opened, modal] = useDisclosure(false);
  const writable = can(session, 'consent.write');
  if (query.isPending) return <ListSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Stack gap="md">
      {writable && (
        <Group>
          <Button size="xs" onClick={modal.open}>
            Зарегистрировать согласие
          </Button>
        </Group>
      )}
      <ConsentsView
        items={query.data.items}
        legalBases={query.data.legalBases}
        actions={
          writable ? (c) => (c.revokedOn ? null : <RevokeButton personId={card.id} consent={c} />) : undefined
        }
      />
      <Modal
        opened={opened}
        onClose={modal.close}
        title="Согласие на обработку персональных данных"
        size="lg"
      >
        {opened && <GiveConsentForm card={card} onClose={modal.close} />}
      </Modal>
    </Stack>
  );
}

function RevokeButton({ personId, consent }: { personId: string; consent: Consent }) {
  const revoke = useRevokeConsent(personId);
  const [opened, setOpened] = useState(false);
  const [revokedOn, setRevokedOn] = useState(today());
  const [reason, setReason] = useState('');
  const submit = async () => {
    try {
      await revoke.mutateAsync({
        consentId: consent.id,
        revokedOn,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      notifySuccess('Согласие отозвано');
      setOpened(false);
    } catch (err) {
      notifyError(err, 'Не удалось отозвать согласие');
    }
  };
  return (
    <>
      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setOpened(true)}>
        Отозвать
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Отзыв согласия" size="sm">
        <Stack gap="xs">
          <DateField label="Дата отзыва" required maxToday value={revokedOn} onChange={setRevokedOn} />
          <TextInput
            label="Основание отзыва"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              Отмена
            </Button>
            <Button size="xs" color="red" loading={revoke.isPending} disabled={!revokedOn} onClick={submit}>
              Отозвать согласие
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
