import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiQuery, call, client, path } from './http.ts';

export type PersonFilters = Pick<
  ApiQuery<'searchPersons'>,
  'q' | 'snils' | 'document' | 'birthDate' | 'organizationId' | 'role'
>;

export const personKeys = {
  all: ['persons'] as const,
  list: (f: PersonFilters) => ['persons', 'list', f] as const,
  detail: (id: string) => ['persons', 'detail', id] as const,
  versions: (id: string) => ['persons', 'versions', id] as const,
  version: (id: string, v: number) => ['persons', 'version', id, v] as const,
};

/** The server searches by any of these; the role alone only narrows a search. */
export const hasCriteria = (f: PersonFilters) =>
  !!(f.q || f.snils || f.document || f.birthDate || f.organizationId);

export const personsListQuery = (filters: PersonFilters) =>
  infiniteQueryOptions({
    queryKey: personKeys.list(filters),
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/persons', { params: { query: { ...filters, cursor: pageParam, limit: 50 } } }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: hasCriteria(filters),
  });

/** Short search for pickers (an existing representative). */
export const personSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['persons', 'search', q] as const,
    queryFn: async () =>
      (await call(client.GET('/api/v1/persons', { params: { query: { q, limit: 15 } } }))).items,
    enabled: q.length >= 2,
    staleTime: 30_000,
  });

export const personQuery = (id: string) =>
  queryOptions({
    queryKey: personKeys.detail(id),
    queryFn: () => call(client.GET('/api/v1/persons/{id}', path({ id }))),
  });

export const personVersionQuery = (id: string, version: number) =>
  queryOptions({
    queryKey: personKeys.version(id, version),
    queryFn: () => call(client.GET('/api/v1/persons/{id}/versions/{version}', path({ id, version }))),
    staleTime: Number.POSITIVE_INFINITY,
  });

function useInvalidatePersons() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: personKeys.all });
}

export function useCreatePerson() {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: (body: ApiBody<'createPerson'>) => call(client.POST('/api/v1/persons', { body })),
    onSuccess: onSaved,
  });
}

export function useUpdatePerson(id: string) {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: (body: ApiBody<'updatePerson'>) =>
      call(client.PATCH('/api/v1/persons/{id}', { ...path({ id }), body })),
    onSuccess: onSaved,
  });
}

export function useEnrollPerson() {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: ({ personId, ...body }: { personId: string } & ApiBody<'enrollPerson'>) =>
      call(client.POST('/api/v1/persons/{id}/enrollments', { ...path({ id: personId }), body })),
    onSuccess: onSaved,
  });
}

export function useLinkRepresentative(learnerId: string) {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: (body: ApiBody<'linkRepresentative'>) =>
      call(client.POST('/api/v1/persons/{id}/representatives', { ...path({ id: learnerId }), body })),
    onSuccess: onSaved,
  });
}

export function useUnlinkRepresentative(learnerId: string) {
  const onSaved = useInvalidatePersons();
  return useMutation({
    mutationFn: (linkId: string) =>
      call(client.DELETE('/api/v1/persons/{id}/representatives/{linkId}', path({ id: learnerId, linkId }))),
    onSuccess: onSaved,
  });
}

/** Links a representative to a learner known only after a save (the new-learner form took an existing one). */
export const linkRepresentativeTo = (learnerId: string, body: ApiBody<'linkRepresentative'>) =>
  call(client.POST('/api/v1/persons/{id}/representatives', { ...path({ id: learnerId }), body }));
