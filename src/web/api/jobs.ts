/** Background jobs: their progress and results, and cancelling them (GET /jobs, POST /jobs/:id/cancel). */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiResult, call, client, path } from './http.ts';

export type JobsPage = ApiResult<'listJobs'>;
export type Job = JobsPage['items'][number];
export type JobState = Job['state'];

export const ACTIVE_STATES: readonly JobState[] = ['queued', 'running', 'retrying'];
export const isActive = (job: Job) => ACTIVE_STATES.includes(job.state);

export const jobKeys = {
  all: ['jobs'] as const,
  list: ['jobs', 'list'] as const,
};

/** The newest jobs; refreshed every second while one of them is still working. */
export const jobsQuery = () =>
  queryOptions({
    queryKey: jobKeys.list,
    queryFn: () => call(client.GET('/api/v1/jobs', { params: { query: { limit: 50 } } })),
    refetchInterval: (q) => (q.state.data?.items.some(isActive) ? 1000 : 15_000),
  });

export function useCancelJob() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(client.POST('/api/v1/jobs/{id}/cancel', path({ id }))),
    onSuccess: () => queries.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
