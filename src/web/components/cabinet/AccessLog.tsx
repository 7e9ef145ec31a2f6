import { Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { formatInstant } from '../../../common/dates/format-instant.ts';
import { accessLogQuery } from '../../api/citizen.ts';
import { LoadMore } from '../LoadMore.tsx';
import { ListLoadError } from '../QueryError.tsx';
import { RecordList } from './RecordList.tsx';

/**
 * «Кто и когда обращался к данным» (152-ФЗ ст. 14): staff named by role and organization. Times are
 * in the region's zone with its label, by the same formatter as the PDF, so both say the same hour.
 */
export function AccessLog({ timeZone }: { timeZone: string }) {
  const query = useInfiniteQuery(accessLogQuery);
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="access-log-title">
      <Title order={2} size="h3" mb="xs" id="access-log-title">
        Кто и когда обращался к данным
      </Title>
      {query.isError && (
        <ListLoadError error={query.error} fallback="Не удалось загрузить журнал обращений" mb="sm" />
      )}
      {query.isPending ? (
        <Text size="sm" c="dimmed">
          Загрузка журнала…
        </Text>
      ) : (
        <RecordList
          label="Кто и когда обращался к данным"
          testId="access-log"
          empty="Обращений к данным не было"
          head={['Дата и время', 'Роль', 'Организация', 'Действие', 'Чьи данные']}
          rows={rows.map((r, i) => ({
            key: `${r.at}-${r.subject.id}-${i}`,
            cells: [formatInstant(r.at, timeZone), r.actorRole, r.organization, r.action, r.subject.fullName],
          }))}
        />
      )}
      <LoadMore query={query} />
    </section>
  );
}
