import { Alert, Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApplicationStatus } from '../../../common/queue-dictionary.ts';
import type { Application } from '../../api/queue.ts';
import { transfersQuery } from '../../api/queue-transfers.ts';
import { formatDate } from '../format.ts';
import { can, useSession } from '../session.ts';
import { TransferDialog } from './TransferDialog.tsx';

/** An application waiting for a place may move; a referred one waits for the family first. */
const TRANSFERABLE: readonly ApplicationStatus[] = [
  'new',
  'under_review',
  'awaiting_confirmation',
  'queued',
  'wants_change',
];

/**
 * The card's «Передать в другой муниципалитет»: the button, or, while a request is open, where it went
 * and by when the receiving municipality decides.
 */
export function ApplicationTransferAction({ application }: { application: Application }) {
  const session = useSession();
  const mayTransfer = can(session, 'application.transfer') && TRANSFERABLE.includes(application.status);
  const pending = useQuery(
    transfersQuery(
      { applicationId: application.id, status: 'requested', direction: 'outgoing' },
      mayTransfer,
    ),
  );
  const [open, setOpen] = useState(false);
  if (!mayTransfer || pending.isPending) return null;
  const open_ = pending.data?.items[0];
  if (open_)
    return (
      <Alert color={open_.overdue ? 'red' : 'blue'} variant="light" p="xs" data-testid="transfer-pending">
        Передано в муниципалитет «{open_.to.name}» {formatDate(open_.requestedOn)}; решение до{' '}
        {formatDate(open_.dueOn)}
        {open_.overdue ? ' — срок истек' : ''}
      </Alert>
    );
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        Передать в другой муниципалитет
      </Button>
      {open && <TransferDialog application={application} onClose={() => setOpen(false)} />}
    </>
  );
}
