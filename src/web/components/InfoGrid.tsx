import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export type InfoItem = { label: string; value: ReactNode; span?: boolean };

/** Label/value pairs of a record card, in a dense grid. */
export function InfoGrid({ items, cols = 3 }: { items: InfoItem[]; cols?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: cols }} spacing="md" verticalSpacing="sm">
      {items.map((item) => (
        <Stack key={item.label} gap={0} style={item.span ? { gridColumn: '1 / -1' } : undefined}>
          <Text size="xs" c="dimmed">
            {item.label}
          </Text>
          <Text size="sm" component="div">
            {item.value === null || item.value === undefined || item.value === '' ? '—' : item.value}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
