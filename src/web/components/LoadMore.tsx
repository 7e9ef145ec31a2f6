import { Button, Group, Text } from '@mantine/core';

type Props = {
  shown: number;
  total?: number;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
};

/** Footer of a cursor-paginated table: how many rows are shown and «Показать еще». */
export function LoadMore({ shown, total, hasMore, loading, onMore }: Props) {
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed" data-testid="rows-shown">
        {total === undefined ? `Показано: ${shown}` : `Показано ${shown} из ${total}`}
      </Text>
      {hasMore && (
        <Button variant="default" size="xs" loading={loading} onClick={onMore}>
          Показать еще
        </Button>
      )}
    </Group>
  );
}
