/** Access requests: asking the holder of a record outside one's scope, and deciding on such requests. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Relation } from '../../common/person-dictionary.ts';
import { api } from './http.ts';

type PersonRef = { id: string; fullName: string; birthDate: string };

export type AccessRequest = {
  id: string;
  kind: 'enroll' | 'link_representative';
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  createdAt: string;
  requester: string | null;
  organization: { id: string; name: string } | null;
  startedOn: string | null;
  relation: string | null;
  comment: string | null;
  decidedAt: string | null;
  reason: string | null;
  person: PersonRef | null;
  learner: PersonRef | null;
  allowedActions: ('approve' | 'reject' | 'cancel')[];
};

export type AccessRequestBody =
  | { kind: 'enroll'; matchToken: string; organizationId: string; startedOn: string; comment?: string }
  | {
      kind: 'link_representative';
      matchToken: string;
      learnerId: string;
      relation: Relation;
      authorityDocument?: string;
      comment?: string;
    };

export type Box = 'incoming' | 'outgoing';
const keys = {
  all: ['access-requests'] as const,
  list: (box: Box, status: string) => ['access-requests', box, status],
};

export const accessRequestsQuery = (box: Box, status: string) =>
  queryOptions({
    queryKey: keys.list(box, status),
    queryFn: async () =>
      (await api.get<{ items: AccessRequest[] }>('/access-requests', { box, status })).items,
  });

export const createAccessRequest = (body: AccessRequestBody) =>
  api.post<{ id: string; status: string }>('/access-requests', body);

export function useDecideAccessRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      action,
      reason,
    }: {
      id: string;
      action: 'approve' | 'reject' | 'cancel';
      reason?: string;
    }) =>
      api.post<{ id: string; status: string }>(
        `/access-requests/${encodeURIComponent(id)}/${action}`,
        action === 'cancel' ? undefined : reason ? { reason } : {},
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}
