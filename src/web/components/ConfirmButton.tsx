import { Button, type ButtonProps, Group, Popover, Text } from '@mantine/core';
import { useState } from 'react';

type Props = ButtonProps & {
  question: string;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown> | undefined;
  children: React.ReactNode;
};

/** A button that asks «Вы уверены?» in a popover before acting (no browser dialogs). */
export function ConfirmButton({ question, confirmLabel = 'Да', onConfirm, children, ...buttonProps }: Props) {
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setOpened(false);
    }
  };
  return (
    <Popover opened={opened} onChange={setOpened} withArrow shadow="md" position="bottom-end">
      <Popover.Target>
        <Button {...buttonProps} onClick={() => setOpened((o) => !o)}>
          {children}
        </Button>
      </Popover.Target>
      <Popover.Dropdown maw={320}>
        <Text size="sm" mb="sm">
          {question}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={() => setOpened(false)}>
            Отмена
          </Button>
          <Button size="xs" color="red" loading={busy} onClick={confirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
