/** «Сообщить об ошибке в данных»: the citizen's reports and the organization's queue of them. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CorrectionSection } from '../../common/data-correction-sections.ts';
import { type ApiResult, call, client, path } from './http.ts';

export type OwnCorrection = ApiResult<'listOwnDataCorrections'>['items'][number];
export type CorrectionTask = ApiResult<'listDataCorrections'>['items'][number];

export type CorrectionStatusFilter = 'open' | 'done' | 'all';

export const ownCorrectionsQuery = queryOptions({
  queryKey: ['citizen', 'data-corrections'] as const,
  queryFn: () => call(client.GET('/api/v1/citizen/me/data-corrections')),
});

export const correctionTasksQuery = (status: CorrectionStatusFilter) =>
  queryOptions({
    queryKey: ['data-corrections', status] as const,
    queryFn: () => call(client.GET('/api/v1/data-corrections', { params: { query: { status } } })),
  });

export function useSendCorrection() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { personId: string; section: CorrectionSection; text: string }) =>
      call(client.POST('/api/v1/citizen/me/data-corrections', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['citizen', 'data-corrections'] }),
  });
}

export function useResolveCorrection() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(client.POST('/api/v1/data-corrections/{id}/resolve', path({ id }))),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['data-corrections'] }),
  });
}
