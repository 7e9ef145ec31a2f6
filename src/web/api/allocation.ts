/** Allocation runs (комплектование) and the referral register. */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiQuery, type ApiResult, call, client, path } from './http.ts';

export type AllocationRun = ApiResult<'getAllocationRun'>;
export type AllocationRunSummary = ApiResult<'listAllocationRuns'>['items'][number];
export type AllocationOutcome = ApiResult<'listAllocationOutcomes'>['items'][number];
export type OutcomeFilters = Omit<ApiQuery<'listAllocationOutcomes'>, 'cursor' | 'limit'>;
export type Referral = ApiResult<'listReferrals'>['items'][number];
export type ReferralFilters = Omit<ApiQuery<'listReferrals'>, 'cursor' | 'limit'>;

const keys = {
  runs: ['allocation'] as const,
  run: (id: string) => ['allocation', 'run', id] as const,
  outcomes: (id: string, f: OutcomeFilters) => ['allocation', 'outcomes', id, f] as const,
  referrals: (f: ReferralFilters) => ['referrals', f] as const,
};

export const runsQuery = () =>
  queryOptions({
    queryKey: keys.runs,
    queryFn: () => call(client.GET('/api/v1/allocation-runs', { params: { query: {} } })),
  });

/** A run being computed is polled until its job ends. */
export const runQuery = (id: string) =>
  queryOptions({
    queryKey: keys.run(id),
    queryFn: () => call(client.GET('/api/v1/allocation-runs/{id}', path({ id }))),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });

export const outcomesQuery = (id: string, filters: OutcomeFilters) =>
  infiniteQueryOptions({
    queryKey: keys.outcomes(id, filters),
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/allocation-runs/{id}/outcomes', {
          params: { path: { id }, query: { ...filters, cursor: pageParam, limit: 100 } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const referralsQuery = (filters: ReferralFilters) =>
  infiniteQueryOptions({
    queryKey: keys.referrals(filters),
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/referrals', { params: { query: { ...filters, cursor: pageParam, limit: 50 } } }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const runDocumentUrl = (
  id: string,
  file: 'protocol.xlsx' | 'protocol.pdf' | 'snapshot.json' | 'result.json',
) => `/api/v1/allocation-runs/${encodeURIComponent(id)}/${file}`;

function useRefresh() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.runs }),
      qc.invalidateQueries({ queryKey: ['referrals'] }),
      qc.invalidateQueries({ queryKey: ['queue'] }),
    ]);
}

export function usePrepareRun() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ApiBody<'prepareAllocationRun'>) =>
      call(client.POST('/api/v1/allocation-runs', { body })),
    onSuccess: refresh,
  });
}

export function useSetGroupFree(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ unitId, ...body }: ApiBody<'setAllocationGroupFree'> & { unitId: string }) =>
      call(
        client.PUT('/api/v1/allocation-runs/{id}/groups/{unitId}', {
          params: { path: { id, unitId } },
          body,
        }),
      ),
    onSuccess: refresh,
  });
}

export function useRunAction(id: string, action: 'start' | 'approve' | 'discard') {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { version: number; reason?: string; referralDays?: number }) =>
      action === 'start'
        ? call(client.POST('/api/v1/allocation-runs/{id}/start', { ...path({ id }), body }))
        : action === 'approve'
          ? call(client.POST('/api/v1/allocation-runs/{id}/approve', { ...path({ id }), body }))
          : call(
              client.POST('/api/v1/allocation-runs/{id}/discard', {
                ...path({ id }),
                body: { version: body.version, reason: body.reason ?? '' },
              }),
            ),
    onSuccess: refresh,
  });
}

export function useCloseReferral(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ApiBody<'closeReferral'>) =>
      call(client.POST('/api/v1/referrals/{id}/close', { ...path({ id }), body })),
    onSuccess: refresh,
  });
}

/** The job computing a run, polled while it works: its steps for the progress bar. */
export const runJobQuery = (jobId: string | null) =>
  queryOptions({
    queryKey: ['allocation', 'job', jobId],
    queryFn: () => call(client.GET('/api/v1/jobs/{id}', path({ id: jobId ?? '' }))),
    enabled: jobId !== null,
    refetchInterval: 1000,
  });
