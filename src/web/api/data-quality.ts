/** The monthly data-quality control: scores of a scope, findings of an organization, recheck, a run. */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiResult, call, client } from './http.ts';

export type DqScope = { organizationId?: string | undefined; territoryId?: string | undefined };
export type DqScores = ApiResult<'getDataQualityScores'>;
export type DqFinding = ApiResult<'listDataQualityFindings'>['items'][number];

export const dqScoresQuery = (scope: DqScope) =>
  queryOptions({
    queryKey: ['data-quality', 'scores', scope],
    queryFn: () => call(client.GET('/api/v1/data-quality/scores', { params: { query: scope } })),
    enabled: !!(scope.organizationId || scope.territoryId),
  });

export const dqFindingsQuery = (organizationId: string, status: 'open' | 'closed') =>
  infiniteQueryOptions({
    queryKey: ['data-quality', 'findings', organizationId, status],
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/data-quality/findings', {
          params: { query: { organizationId, status, cursor: pageParam, limit: 200 } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function useRecheck() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (organizationId: string) =>
      call(
        client.POST('/api/v1/data-quality/organizations/{id}/recheck', {
          params: { path: { id: organizationId } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['data-quality'] }),
  });
}

export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(client.POST('/api/v1/data-quality/runs')),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['data-quality'] }),
  });
}
