/** The preschool queue: applications, their rights and statuses. */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { setDisplayZone } from '../components/format.ts';
import { type ApiBody, type ApiQuery, type ApiResult, call, client, path } from './http.ts';

export type ApplicationFilters = Omit<ApiQuery<'listPreschoolApplications'>, 'cursor' | 'limit'>;
export type ApplicationListItem = ApiResult<'listPreschoolApplications'>['items'][number];
export type Application = ApiResult<'getPreschoolApplication'>;

const keys = {
  all: ['queue'] as const,
  list: (f: ApplicationFilters) => ['queue', 'list', f] as const,
  detail: (id: string) => ['queue', 'detail', id] as const,
};

export const applicationsQuery = (filters: ApplicationFilters) =>
  infiniteQueryOptions({
    queryKey: keys.list(filters),
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/preschool-applications', {
          params: { query: { ...filters, cursor: pageParam, limit: 50 } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const applicationQuery = (id: string) =>
  queryOptions({
    queryKey: keys.detail(id),
    queryFn: () => call(client.GET('/api/v1/preschool-applications/{id}', path({ id }))),
  });

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.all });
}

/** The operator registers an application for a child and a representative it already sees. */
export function useFileApplication() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ApiBody<'filePreschoolApplication'>) =>
      call(client.POST('/api/v1/preschool-applications', { body })),
    onSuccess: refresh,
  });
}

export function useChangeApplicationStatus(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ApiBody<'changePreschoolApplicationStatus'>) =>
      call(client.POST('/api/v1/preschool-applications/{id}/status', { ...path({ id }), body })),
    onSuccess: refresh,
  });
}

export function useDecideRight(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ rightId, ...body }: ApiBody<'decidePreschoolApplicationRight'> & { rightId: string }) =>
      call(
        client.POST('/api/v1/preschool-applications/{id}/rights/{rightId}/decision', {
          params: { path: { id, rightId } },
          body,
        }),
      ),
    onSuccess: refresh,
  });
}

export type PublicPosition = ApiResult<'getPublicQueuePosition'>;

/** The position by the application number, for anyone; no personal data comes back. */
export const publicPositionQuery = (number: string) =>
  queryOptions({
    queryKey: ['queue', 'public', number],
    queryFn: async () => {
      const r = await call(
        client.GET('/api/v1/public/preschool-applications/{number}', { params: { path: { number } } }),
      );
      // Nobody is signed in here: the region's zone comes with the answer.
      setDisplayZone(r.timeZone);
      return r;
    },
    enabled: /^\d{8}-\d{1,12}$/.test(number),
    retry: false,
  });
