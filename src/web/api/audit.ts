import { infiniteQueryOptions } from '@tanstack/react-query';
import { type ApiQuery, call, client } from './http.ts';

export type AuditFilters = Omit<ApiQuery<'listAuditEvents'>, 'cursor' | 'limit'>;

export const auditQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) =>
      call(client.GET('/api/v1/audit', { params: { query: { ...filters, cursor: pageParam, limit: 100 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
