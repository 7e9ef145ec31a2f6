import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';
import type {
  HistoryEntry,
  Organization,
  OrganizationInput,
  OrganizationListItem,
  OrganizationStatus,
  Page,
} from './types.ts';

export type OrganizationFilters = {
  q?: string;
  inn?: string;
  ogrn?: string;
  kind?: string;
  territoryId?: string;
  status?: string;
};

export const orgKeys = {
  all: ['organizations'] as const,
  list: (filters: OrganizationFilters) => ['organizations', 'list', filters] as const,
  search: (q: string) => ['organizations', 'search', q] as const,
  detail: (id: string) => ['organizations', 'detail', id] as const,
  history: (id: string) => ['organizations', 'history', id] as const,
};

const PAGE_SIZE = 50;

export const organizationsListQuery = (filters: OrganizationFilters) =>
  infiniteQueryOptions({
    queryKey: orgKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api.get<Page<OrganizationListItem>>('/organizations', {
        ...filters,
        cursor: pageParam,
        limit: PAGE_SIZE,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Short search used by pickers (successor, scope of a role, organizations of an API token). */
export const organizationSearchQuery = (q: string) =>
  queryOptions({
    queryKey: orgKeys.search(q),
    queryFn: async () =>
      (await api.get<Page<OrganizationListItem>>('/organizations', { q, limit: 20 })).items,
    staleTime: 60_000,
  });

export const organizationQuery = (id: string) =>
  queryOptions({
    queryKey: orgKeys.detail(id),
    queryFn: () => api.get<Organization>(`/organizations/${encodeURIComponent(id)}`),
  });

export const organizationHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: orgKeys.history(id),
    queryFn: async () =>
      (await api.get<{ items: HistoryEntry[] }>(`/organizations/${encodeURIComponent(id)}/history`)).items,
  });

function useOrgInvalidation() {
  const client = useQueryClient();
  // Write answers carry the organization without the card extras (branches, allowedActions): refetch instead.
  return () => client.invalidateQueries({ queryKey: orgKeys.all });
}

export function useCreateOrganization() {
  const onSaved = useOrgInvalidation();
  return useMutation({
    mutationFn: (body: OrganizationInput) => api.post<Organization>('/organizations', body),
    onSuccess: onSaved,
  });
}

export function useUpdateOrganization(id: string) {
  const onSaved = useOrgInvalidation();
  return useMutation({
    mutationFn: (body: OrganizationInput & { version: number }) =>
      api.patch<Organization>(`/organizations/${encodeURIComponent(id)}`, body),
    onSuccess: onSaved,
  });
}

export type StatusChange = {
  version: number;
  status: OrganizationStatus;
  date: string;
  successorOrganizationId?: string;
};

export function useChangeOrganizationStatus(id: string) {
  const onSaved = useOrgInvalidation();
  return useMutation({
    mutationFn: (body: StatusChange) =>
      api.post<Organization>(`/organizations/${encodeURIComponent(id)}/status`, body),
    onSuccess: onSaved,
  });
}
