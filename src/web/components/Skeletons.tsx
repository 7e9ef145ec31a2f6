import { Group, Skeleton, Stack, Table } from '@mantine/core';

const ROWS = [0, 1, 2, 3, 4];

/** Rows of grey bars in a table while its first page loads: the table keeps its shape, nothing jumps. */
export function TableSkeletonRows({ colSpan, rows = ROWS.length }: { colSpan: number; rows?: number }) {
  return (
    <>
      {ROWS.slice(0, rows).map((k) => (
        <Table.Tr key={k} data-testid="skeleton-row" aria-hidden>
          <Table.Td colSpan={colSpan}>
            <Skeleton height={14} />
          </Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}

/** The outline of a card page (heading, a line under it, a grid of fields) while it loads. */
export function CardSkeleton() {
  return (
    <Stack gap="md" data-testid="card-skeleton" aria-busy aria-label="Загрузка">
      <Skeleton height={28} width="45%" />
      <Skeleton height={14} width="30%" />
      <Group gap="md" grow>
        <Skeleton height={44} />
        <Skeleton height={44} />
        <Skeleton height={44} />
      </Group>
      <Group gap="md" grow>
        <Skeleton height={44} />
        <Skeleton height={44} />
        <Skeleton height={44} />
      </Group>
      <Skeleton height={120} />
    </Stack>
  );
}

/** Bars in place of a list that is not a table (records as cards). */
export function ListSkeleton() {
  return (
    <Stack gap="sm" data-testid="list-skeleton" aria-busy aria-label="Загрузка">
      {ROWS.slice(0, 3).map((k) => (
        <Skeleton key={k} height={48} />
      ))}
    </Stack>
  );
}
