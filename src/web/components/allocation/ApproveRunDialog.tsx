import { NumberInput, Text } from '@mantine/core';
import { useState } from 'react';
import { type AllocationRun, useRunAction } from '../../api/allocation.ts';
import { ActionDialog } from '../ActionDialog.tsx';
import { notifySuccess } from '../notify.tsx';
import { useServerErrors } from '../useServerErrors.ts';

/** «Утвердить»: the referrals go out with the days the families have to come; empty means the region's setting. */
export function ApproveRunDialog({ run, onClose }: { run: AllocationRun; onClose: () => void }) {
  const [days, setDays] = useState<number | string>('');
  const approve = useRunAction(run.id, 'approve');
  const server = useServerErrors(() => ['referralDays']);
  const given = (run.stats?.placed ?? 0) + (run.stats?.offered ?? 0);
  const submit = async () => {
    try {
      await approve.mutateAsync({
        version: run.version,
        ...(typeof days === 'number' ? { referralDays: days } : {}),
      });
      notifySuccess(`Комплектование утверждено: выдано направлений ${given}`);
      onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <ActionDialog
      title="Утверждение комплектования"
      onClose={onClose}
      server={server}
      submitLabel="Утвердить и выдать направления"
      onSubmit={submit}
      pending={approve.isPending}
      intro={
        <Text size="sm">
          Будут выданы направления: {run.stats?.placed ?? 0} в выбранные семьями детские сады и{' '}
          {run.stats?.offered ?? 0} предложений иных детских садов. Заявители увидят итог в истории заявления.
        </Text>
      }
    >
      <NumberInput
        label="Срок действия направления, дней"
        description="Пусто — срок, установленный в регионе"
        min={1}
        max={90}
        value={days}
        onChange={setDays}
        error={server.errors.referralDays}
        w={260}
      />
    </ActionDialog>
  );
}
