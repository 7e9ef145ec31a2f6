import { queryOptions } from '@tanstack/react-query';
import { api } from './http.ts';
import { personKeys } from './persons.ts';
import type { HistoryEntry } from './types.ts';

/** A person's versions with the short names of the people they point at (representatives, merges). */
export type PersonHistory = { items: HistoryEntry[]; names: Record<string, string> };

export const personHistoryQuery = (id: string) =>
  queryOptions({
    // Under the person's versions key, so whatever refreshes the history refreshes this too.
    queryKey: [...personKeys.versions(id), 'named'],
    queryFn: () => api.get<PersonHistory>(`/persons/${encodeURIComponent(id)}/versions`),
  });
