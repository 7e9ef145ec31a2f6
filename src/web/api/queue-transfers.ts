/** Transfers of preschool applications between municipalities: requests, the incoming list, decisions. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiQuery, type ApiResult, call, client, path } from './http.ts';

export type Transfer = ApiResult<'listPreschoolApplicationTransfers'>['items'][number];
export type TransferFilters = Omit<ApiQuery<'listPreschoolApplicationTransfers'>, 'cursor' | 'limit'>;

const keys = {
  all: ['queue'] as const,
  list: (f: TransferFilters) => ['queue', 'transfers', f] as const,
};

/** The first page (up to 200) is the whole of a municipality's open requests in practice. */
export const transfersQuery = (filters: TransferFilters, enabled = true) =>
  queryOptions({
    queryKey: keys.list(filters),
    queryFn: () =>
      call(
        client.GET('/api/v1/preschool-application-transfers', {
          params: { query: { ...filters, limit: 200 } },
        }),
      ),
    enabled,
  });

/** Applications and transfers share the 'queue' key: a decision refreshes the card and the lists. */
function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.all });
}

export function useRequestTransfer(applicationId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ApiBody<'requestPreschoolApplicationTransfer'>) =>
      call(
        client.POST('/api/v1/preschool-applications/{id}/transfers', {
          ...path({ id: applicationId }),
          body,
        }),
      ),
    onSuccess: refresh,
  });
}

export function useAcceptTransfer(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ApiBody<'acceptPreschoolApplicationTransfer'>) =>
      call(client.POST('/api/v1/preschool-application-transfers/{id}/accept', { ...path({ id }), body })),
    onSuccess: refresh,
  });
}

export function useRefuseTransfer(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ApiBody<'refusePreschoolApplicationTransfer'>) =>
      call(client.POST('/api/v1/preschool-application-transfers/{id}/refuse', { ...path({ id }), body })),
    onSuccess: refresh,
  });
}
