import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from './http.ts';
import type { AuditEntry, Page } from './types.ts';

export type AuditFilters = {
  action?: string;
  actorUserId?: string;
  objectType?: string;
  objectId?: string;
  outcome?: string;
  from?: string;
  to?: string;
};

export const auditQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditEntry>>('/audit', { ...filters, cursor: pageParam, limit: 100 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
