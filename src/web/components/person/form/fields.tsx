import { Button, CloseButton, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export { DateField } from '../../date/DateField.tsx';

type ListSectionProps = {
  title: string;
  addLabel: string;
  empty: string;
  count: number;
  onAdd: () => void;
  children: ReactNode;
};

/** A section of repeated rows (documents, addresses…) with «Добавить». */
export function ListSection({ title, addLabel, empty, count, onAdd, children }: ListSectionProps) {
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{title}</Title>
        <Button size="xs" variant="light" onClick={onAdd}>
          {addLabel}
        </Button>
      </Group>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Paper>
  );
}

/** One row of a list section: its fields in a grid and a remove button. */
export function RowFrame({
  removeLabel,
  onRemove,
  cols = 4,
  note,
  children,
}: {
  removeLabel: string;
  onRemove: () => void;
  cols?: number;
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="sm" radius="sm" mb="xs" bg="gray.0">
      <Group align="flex-start" wrap="nowrap" gap="xs">
        <SimpleGrid cols={{ base: 1, md: cols }} spacing="sm" verticalSpacing="xs" style={{ flex: 1 }}>
          {children}
        </SimpleGrid>
        <CloseButton aria-label={removeLabel} title={removeLabel} onClick={onRemove} mt={22} />
      </Group>
      {note && (
        <Text size="xs" c="dimmed" mt={4}>
          {note}
        </Text>
      )}
    </Paper>
  );
}
