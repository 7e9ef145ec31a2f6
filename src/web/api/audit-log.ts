import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from './http.ts';
import type { AuditEntry, Page } from './types.ts';

/** An audit event as the log screen shows it: whom it is about, in words, within the reader's scope. */
export type AuditLogEntry = AuditEntry & {
  /** ФИО, наименование или имя пользователя; null вне области доступа читающего. */
  objectLabel: string | null;
  /** How many people the event concerns (a search result, a card with its family). */
  subjectCount: number;
};

export type AuditLogFilters = {
  /** One action code or several, comma-separated (codes that read the same in Russian). */
  action?: string | undefined;
  actorName?: string | undefined;
  personId?: string | undefined;
  organizationId?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export const auditLogQuery = (filters: AuditLogFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'log', filters],
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditLogEntry>>('/audit', { ...filters, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** «Кто обращался»: the events that concern one person, newest first. */
export const personAccessLogQuery = (personId: string) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'person', personId],
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditLogEntry>>(`/audit/persons/${personId}`, { cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
