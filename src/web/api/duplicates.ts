/** The regional duplicate report, decisions on pairs, merges and their undo. */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiResult, call, client, path } from './http.ts';

export type DuplicatePage = ApiResult<'listDuplicates'>;
export type DuplicatePair = DuplicatePage['items'][number];
export type PairPerson = DuplicatePair['a'];
export type DuplicateRun = ApiResult<'getDuplicateRun'>;

export const duplicateKeys = {
  all: ['duplicates'] as const,
  list: (minScore: number) => ['duplicates', 'list', minScore] as const,
  run: (id: string) => ['duplicates', 'run', id] as const,
};

export const duplicatesQuery = (minScore: number) =>
  infiniteQueryOptions({
    queryKey: duplicateKeys.list(minScore),
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/duplicates', { params: { query: { minScore, cursor: pageParam, limit: 50 } } }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Polls a background run until it is no longer running. */
export const duplicateRunQuery = (id: string) =>
  queryOptions({
    queryKey: duplicateKeys.run(id),
    queryFn: () => call(client.GET('/api/v1/duplicates/runs/{id}', path({ id }))),
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

export const startDuplicateRun = () => call(client.POST('/api/v1/duplicates/runs'));

export function useMarkDistinct() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: (body: ApiBody<'markDistinct'>) => call(client.POST('/api/v1/duplicates/distinct', { body })),
    onSuccess: onDone,
  });
}
