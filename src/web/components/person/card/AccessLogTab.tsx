import { Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { personAccessLogQuery } from '../../../api/audit.ts';
import { AuditTable } from '../../audit/AuditTable.tsx';
import { LoadMore } from '../../LoadMore.tsx';
import { QueryError } from '../../QueryError.tsx';

/** «Кто обращался»: who read or changed the person's data, newest first, as far as the reader may read the log. */
export function AccessLogTab({ personId }: { personId: string }) {
  const query = useInfiniteQuery(personAccessLogQuery(personId));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        Кто и когда просматривал или изменял сведения о человеке, включая поиск, в результатах которого он
        был.
      </Text>
      <AuditTable label="Кто обращался" rows={rows} pending={query.isPending} />
      <LoadMore query={query} />
    </>
  );
}
