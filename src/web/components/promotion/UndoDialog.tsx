import { type PromotionRun, useUndoPromotion } from '../../api/promotions.ts';
import { notifySuccess } from '../notify.tsx';
import { CancellationDialog } from '../orders/CancellationDialog.tsx';

type Props = { run: PromotionRun; opened: boolean; onClose: () => void };

/** The whole run is undone by orders «об отмене», one per school: every learner back where they were. */
export function UndoDialog({ run, opened, onClose }: Props) {
  const undo = useUndoPromotion(run.id);
  return (
    <CancellationDialog
      opened={opened}
      onClose={onClose}
      title="Отмена перевода"
      intro={`Приказы перевода (${run.orders.length}) будут отменены приказами об отмене, обучающиеся вернутся в классы этого года, выпускники — в число обучающихся. Созданные классы следующего года останутся.`}
      confirmLabel="Отменить перевод"
      pending={undo.isPending}
      onSubmit={async ({ number, orderDate, basis }) => {
        await undo.mutateAsync({ number, orderDate, basis });
        notifySuccess('Перевод отменён');
      }}
    />
  );
}
