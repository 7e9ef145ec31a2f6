import { type Order, useCancelOrder } from '../../api/orders.ts';
import { notifySuccess } from '../notify.tsx';
import { CancellationDialog } from './CancellationDialog.tsx';

type Props = { order: Order; opened: boolean; onClose: () => void };

/** Cancelling a signed order: the learners' histories go back to what they were before it. */
export function CancelDialog({ order, opened, onClose }: Props) {
  const cancel = useCancelOrder(order.id);
  return (
    <CancellationDialog
      opened={opened}
      onClose={onClose}
      title={`Отмена приказа № ${order.number}`}
      intro={`Отмена оформляется приказом об отмене. Все движения приказа № ${order.number} будут отменены, а история обучения вернётся к состоянию до него.`}
      confirmLabel="Отменить приказ"
      withSigner
      pending={cancel.isPending}
      onSubmit={async (values) => {
        await cancel.mutateAsync(values);
        notifySuccess(`Приказ № ${order.number} отменён`);
      }}
    />
  );
}
