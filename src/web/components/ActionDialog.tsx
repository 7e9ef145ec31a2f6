import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormAlerts } from './FormAlerts.tsx';

type Props = {
  title: string;
  onClose: () => void;
  /** The server's messages that belong to no field, and whether the record changed meanwhile. */
  server: { general: string[]; conflict: boolean };
  submitLabel: string;
  onSubmit: () => void;
  pending: boolean;
  color?: string;
  /** Shown above the server's messages: what the action will do. */
  intro?: ReactNode;
  children: ReactNode;
};

/**
 * The frame of a one-step action in a dialog: what it does, the server's messages, the fields, and
 * «Закрыть» beside the action. A conflict offers to close and look again.
 */
export function ActionDialog(p: Props) {
  return (
    <Modal opened onClose={p.onClose} title={p.title} centered closeButtonProps={{ 'aria-label': 'Закрыть' }}>
      <Stack gap="sm">
        {p.intro}
        <FormAlerts generalErrors={p.server.general} conflict={p.server.conflict} onReload={p.onClose} />
        {p.children}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={p.onClose}>
            Закрыть
          </Button>
          <Button color={p.color} onClick={p.onSubmit} loading={p.pending}>
            {p.submitLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
