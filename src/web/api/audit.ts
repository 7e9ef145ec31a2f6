import { infiniteQueryOptions } from '@tanstack/react-query';
import { type ApiQuery, call, client } from './http.ts';

/** Filters of the log screen: the action may list several codes that read the same in Russian. */
export type AuditFilters = Omit<ApiQuery<'listAuditEvents'>, 'cursor' | 'limit'>;

export const auditQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'log', filters],
    queryFn: ({ pageParam }) =>
      call(client.GET('/api/v1/audit', { params: { query: { ...filters, cursor: pageParam, limit: 50 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** «Кто обращался»: the events that concern one person, newest first. */
export const personAccessLogQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'person', id],
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/audit/persons/{id}', {
          params: { path: { id }, query: { cursor: pageParam, limit: 20 } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
