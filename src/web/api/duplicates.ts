/** The regional duplicate report, decisions on pairs, merges and their undo. */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';

export type PairPerson = {
  id: string;
  fullName: string;
  birthDate: string;
  organization: string | null;
  snils?: string | null;
  document?: { type: string; series: string | null; number: string } | null;
};
export type DuplicatePair = { a: PairPerson; b: PairPerson; score: number };
export type DuplicatePage = {
  items: DuplicatePair[];
  nextCursor: string | null;
  totalCount?: number;
  run?: DuplicateRun | null;
};
export type DuplicateRun = {
  id?: string;
  runId?: string;
  status: 'running' | 'finished' | 'failed';
  startedAt?: string;
  finishedAt?: string | null;
  pairs?: number | null;
};
export type MergeResult = { mergeId?: string; id?: string; survivorId?: string };

export const duplicateKeys = {
  all: ['duplicates'] as const,
  list: (minScore: number) => ['duplicates', 'list', minScore] as const,
  run: (id: string) => ['duplicates', 'run', id] as const,
};

export const duplicatesQuery = (minScore: number) =>
  infiniteQueryOptions({
    queryKey: duplicateKeys.list(minScore),
    queryFn: ({ pageParam }) =>
      api.get<DuplicatePage>('/duplicates', { minScore, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Polls a background run until it is no longer running. */
export const duplicateRunQuery = (id: string) =>
  queryOptions({
    queryKey: duplicateKeys.run(id),
    queryFn: () => api.get<DuplicateRun>(`/duplicates/runs/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 2000 : false),
  });

function useInvalidate() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: duplicateKeys.all }),
      client.invalidateQueries({ queryKey: ['persons'] }),
    ]);
}

export const startDuplicateRun = () => api.post<{ runId: string }>('/duplicates/runs', {});

export function useMarkDistinct() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: (body: { personA: string; personB: string; reason: string }) =>
      api.post<unknown>('/duplicates/distinct', body),
    onSuccess: onDone,
  });
}

export function useMerge() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: ({
      survivorId,
      ...body
    }: {
      survivorId: string;
      mergedId: string;
      reason: string;
      version: number;
      mergedVersion: number;
    }) => api.post<MergeResult>(`/persons/${encodeURIComponent(survivorId)}/merge`, body),
    onSuccess: onDone,
  });
}

export function useUndoMerge() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: (mergeId: string) => api.post<unknown>(`/merges/${encodeURIComponent(mergeId)}/undo`, {}),
    onSuccess: onDone,
  });
}
