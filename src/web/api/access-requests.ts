/** Access requests: asking the holder of a record outside one's scope, and deciding on such requests. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiQuery, type ApiResult, call, client, path } from './http.ts';

export type AccessRequest = ApiResult<'listAccessRequests'>['items'][number];
export type AccessRequestBody = ApiBody<'createAccessRequest'>;

export type Box = NonNullable<ApiQuery<'listAccessRequests'>['box']>;
export type StatusFilter = NonNullable<ApiQuery<'listAccessRequests'>['status']>;
const keys = {
  all: ['access-requests'] as const,
  list: (box: Box, status: StatusFilter) => ['access-requests', box, status],
};

export const accessRequestsQuery = (box: Box, status: StatusFilter) =>
  queryOptions({
    queryKey: keys.list(box, status),
    queryFn: async () =>
      (await call(client.GET('/api/v1/access-requests', { params: { query: { box, status } } }))).items,
  });

export const createAccessRequest = (body: AccessRequestBody) =>
  call(client.POST('/api/v1/access-requests', { body }));

type Decision = { id: string; action: 'approve' | 'reject' | 'cancel'; reason?: string };

const decide = ({ id, action, reason }: Decision) => {
  if (action === 'cancel') return client.POST('/api/v1/access-requests/{id}/cancel', path({ id }));
  return action === 'approve'
    ? client.POST('/api/v1/access-requests/{id}/approve', { ...path({ id }), body: reason ? { reason } : {} })
    : client.POST('/api/v1/access-requests/{id}/reject', { ...path({ id }), body: { reason: reason ?? '' } });
};

export function useDecideAccessRequest() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (d: Decision) => call(decide(d)),
    onSuccess: () => queries.invalidateQueries({ queryKey: keys.all }),
  });
}
