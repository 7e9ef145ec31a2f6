import { Group, Text, Title } from '@mantine/core';

type Props = {
  title: string;
  /** The server's count of all rows; nothing is shown until it is known. */
  total: number | undefined;
  totalLabel?: string;
};

/** Heading of a list page with the count of all its rows («всего N»). */
export function ListTitle({ title, total, totalLabel = 'всего' }: Props) {
  return (
    <Group gap="xs" align="baseline">
      <Title order={1} size="h2">
        {title}
      </Title>
      {total !== undefined && (
        <Text c="dimmed" data-testid="total-count">
          {totalLabel} {total}
        </Text>
      )}
    </Group>
  );
}
