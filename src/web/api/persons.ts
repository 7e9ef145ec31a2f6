import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';
import type {
  CreatePersonBody,
  LinkRepresentativeBody,
  PersonCard,
  PersonListItem,
  PersonSnapshot,
  PersonVersionEntry,
  UpdatePersonBody,
} from './person-types.ts';
import type { Page } from './types.ts';

export type PersonFilters = { q?: string; snils?: string; document?: string; birthDate?: string };

export const personKeys = {
  all: ['persons'] as const,
  list: (f: PersonFilters) => ['persons', 'list', f] as const,
  detail: (id: string) => ['persons', 'detail', id] as const,
  versions: (id: string) => ['persons', 'versions', id] as const,
  version: (id: string, v: number) => ['persons', 'version', id, v] as const,
};

const enc = encodeURIComponent;
export const hasCriteria = (f: PersonFilters) => !!(f.q || f.snils || f.document || f.birthDate);

export const personsListQuery = (filters: PersonFilters) =>
  infiniteQueryOptions({
    queryKey: personKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api.get<Page<PersonListItem>>('/persons', { ...filters, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: hasCriteria(filters),
  });

/** Short search for pickers (an existing representative). */
export const personSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['persons', 'search', q] as const,
    queryFn: async () => (await api.get<Page<PersonListItem>>('/persons', { q, limit: 15 })).items,
    enabled: q.length >= 2,
    staleTime: 30_000,
  });

export const personQuery = (id: string) =>
  queryOptions({
    queryKey: personKeys.detail(id),
    queryFn: () => api.get<PersonCard>(`/persons/${enc(id)}`),
  });

export const personVersionsQuery = (id: string) =>
  queryOptions({
    queryKey: personKeys.versions(id),
    queryFn: async () =>
      (await api.get<{ items: PersonVersionEntry[] }>(`/persons/${enc(id)}/versions`)).items,
  });

export const personVersionQuery = (id: string, version: number) =>
  queryOptions({
    queryKey: personKeys.version(id, version),
    queryFn: () => api.get<PersonSnapshot>(`/persons/${enc(id)}/versions/${version}`),
    staleTime: Number.POSITIVE_INFINITY,
  });

function useInvalidatePersons() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: personKeys.all });
}

export function useCreatePerson() {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: (body: CreatePersonBody) => api.post<PersonCard>('/persons', body),
    onSuccess: onSaved,
  });
}

export function useUpdatePerson(id: string) {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: (body: UpdatePersonBody) => api.patch<PersonCard>(`/persons/${enc(id)}`, body),
    onSuccess: onSaved,
  });
}

export function useEnrollPerson() {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: ({ personId, ...body }: { personId: string; organizationId: string; startedOn: string }) =>
      api.post<{ personId: string; enrollmentId: string }>(`/persons/${enc(personId)}/enrollments`, body),
    onSuccess: onSaved,
  });
}

export function useLinkRepresentative(learnerId: string) {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: (body: LinkRepresentativeBody) =>
      api.post<PersonCard>(`/persons/${enc(learnerId)}/representatives`, body),
    onSuccess: onSaved,
  });
}

export function useUnlinkRepresentative(learnerId: string) {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: (linkId: string) => api.delete(`/persons/${enc(learnerId)}/representatives/${enc(linkId)}`),
    onSuccess: onSaved,
  });
}
