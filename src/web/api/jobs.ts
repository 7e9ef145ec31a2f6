/** Background jobs: their progress and results, and cancelling them (GET /jobs, POST /jobs/:id/cancel). */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';

export type JobState = 'queued' | 'running' | 'retrying' | 'completed' | 'failed' | 'cancelled';

export type Job = {
  id: string;
  kind: string;
  /** The kind in Russian, e.g. «Поиск дубликатов по региону». */
  title: string;
  state: JobState;
  progress: { done: number; total: number | null };
  owner: { id: string; fullName: string } | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: Record<string, string | number | boolean | null> | null;
  summary: string | null;
  error: string | null;
  cancelRequested: boolean;
  canCancel: boolean;
};

export type JobsPage = { items: Job[]; nextCursor: string | null };

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
    queryFn: () => api.get<JobsPage>('/jobs', { limit: 50 }),
    refetchInterval: (q) => (q.state.data?.items.some(isActive) ? 1000 : 15_000),
  });

export function useCancelJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Job>(`/jobs/${encodeURIComponent(id)}/cancel`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
