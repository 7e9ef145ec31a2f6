/** «Сообщить об ошибке в данных»: the citizen's reports and the organization's queue of them. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CorrectionSection } from '../../common/data-correction-sections.ts';
import { api } from './http.ts';

export type OwnCorrection = {
  id: string;
  person: { id: string; fullName: string };
  organization: string;
  section: CorrectionSection;
  text: string;
  status: 'open' | 'done';
  createdAt: string;
  resolvedAt: string | null;
};

export type CorrectionTask = Omit<OwnCorrection, 'person' | 'organization'> & {
  person: { id: string; fullName: string; birthDate: string };
  organization: { id: string; name: string };
  resolvedBy: string | null;
};

export type CorrectionStatusFilter = 'open' | 'done' | 'all';

export const ownCorrectionsQuery = queryOptions({
  queryKey: ['citizen', 'data-corrections'] as const,
  queryFn: () => api.get<{ items: OwnCorrection[]; timeZone: string }>('/citizen/me/data-corrections'),
});

export const correctionTasksQuery = (status: CorrectionStatusFilter) =>
  queryOptions({
    queryKey: ['data-corrections', status] as const,
    queryFn: () => api.get<{ items: CorrectionTask[]; timeZone: string }>('/data-corrections', { status }),
  });

export function useSendCorrection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { personId: string; section: CorrectionSection; text: string }) =>
      api.post<{ id: string }>('/citizen/me/data-corrections', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['citizen', 'data-corrections'] }),
  });
}

export function useResolveCorrection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ id: string }>(`/data-corrections/${id}/resolve`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['data-corrections'] }),
  });
}
