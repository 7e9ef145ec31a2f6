import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiQuery, call, client, path } from './http.ts';
import type { OrganizationInput } from './types.ts';

export type OrganizationFilters = Omit<ApiQuery<'listOrganizations'>, 'cursor' | 'limit'>;

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
      call(
        client.GET('/api/v1/organizations', {
          params: { query: { ...filters, cursor: pageParam, limit: PAGE_SIZE } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Short search used by pickers (successor, scope of a role, organizations of an API token). */
export const organizationSearchQuery = (q: string) =>
  queryOptions({
    queryKey: orgKeys.search(q),
    queryFn: async () =>
      (await call(client.GET('/api/v1/organizations', { params: { query: { q, limit: 20 } } }))).items,
    staleTime: 60_000,
  });

/** The region-wide public directory: any school finds the one a learner goes to. */
export const organizationDirectoryQuery = (q: string) =>
  queryOptions({
    queryKey: [...orgKeys.search(q), 'directory'] as const,
    queryFn: async () =>
      (await call(client.GET('/api/v1/organizations/directory', { params: { query: { q, limit: 20 } } })))
        .items,
    staleTime: 60_000,
  });

export const organizationQuery = (id: string) =>
  queryOptions({
    queryKey: orgKeys.detail(id),
    queryFn: () => call(client.GET('/api/v1/organizations/{id}', path({ id }))),
  });

export const organizationHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: orgKeys.history(id),
    queryFn: async () => (await call(client.GET('/api/v1/organizations/{id}/history', path({ id })))).items,
  });

function useOrgInvalidation() {
  const client = useQueryClient();
  // Write answers carry the organization without the card extras (branches, allowedActions): refetch instead.
  return () => client.invalidateQueries({ queryKey: orgKeys.all });
}

export function useCreateOrganization() {
  const onSaved = useOrgInvalidation();
  return useMutation({
    // The form sends what was filled in; what a new organization lacks comes back as 422 field problems.
    mutationFn: (body: OrganizationInput) =>
      call(client.POST('/api/v1/organizations', { body: body as ApiBody<'createOrganization'> })),
    onSuccess: onSaved,
  });
}

export function useUpdateOrganization(id: string) {
  const onSaved = useOrgInvalidation();
  return useMutation({
    mutationFn: (body: ApiBody<'updateOrganization'>) =>
      call(client.PATCH('/api/v1/organizations/{id}', { ...path({ id }), body })),
    onSuccess: onSaved,
  });
}

export type StatusChange = ApiBody<'changeOrganizationStatus'>;

export function useChangeOrganizationStatus(id: string) {
  const onSaved = useOrgInvalidation();
  return useMutation({
    mutationFn: (body: StatusChange) =>
      call(client.POST('/api/v1/organizations/{id}/status', { ...path({ id }), body })),
    onSuccess: onSaved,
  });
}
