import { Button, Group, Text } from '@mantine/core';

/** The part of an infinite query (`useInfiniteQuery` over cursor pages) that the footer reads. */
type PagedQuery = {
  data?: { pages: { items: readonly unknown[] }[] } | undefined;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

type Props = {
  query: PagedQuery;
  /** The server's count of all rows, where the list has one. */
  total?: number | undefined;
};

/** Footer of a cursor-paginated table: how many rows are shown and «Показать еще». */
export function LoadMore({ query, total }: Props) {
  const shown = query.data?.pages.reduce((n, page) => n + page.items.length, 0) ?? 0;
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed" data-testid="rows-shown">
        {total === undefined ? `Показано: ${shown}` : `Показано ${shown} из ${total}`}
      </Text>
      {query.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          Показать еще
        </Button>
      )}
    </Group>
  );
}
