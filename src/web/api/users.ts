import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, call, client, path } from './http.ts';

export const userKeys = {
  all: ['users'] as const,
  list: (q: string) => ['users', 'list', q] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export const usersListQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: userKeys.list(q),
    queryFn: ({ pageParam }) =>
      call(client.GET('/api/v1/users', { params: { query: { q, cursor: pageParam, limit: 50 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const userQuery = (id: string) =>
  queryOptions({
    queryKey: userKeys.detail(id),
    queryFn: () => call(client.GET('/api/v1/users/{id}', path({ id }))),
  });

function useInvalidateUsers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: userKeys.all });
}

export type NewUser = ApiBody<'createUser'>;

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: NewUser) => call(client.POST('/api/v1/users', { body })),
    onSuccess: invalidate,
  });
}

export type UserPatch = ApiBody<'updateUser'>;

export function useUpdateUser(id: string) {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: UserPatch) => call(client.PATCH('/api/v1/users/{id}', { ...path({ id }), body })),
    onSuccess: invalidate,
  });
}

export function useGrantRole(id: string) {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: ApiBody<'grantRole'>) =>
      call(client.POST('/api/v1/users/{id}/roles', { ...path({ id }), body })),
    onSuccess: invalidate,
  });
}

export function useRevokeRole(id: string) {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (assignmentId: string) =>
      call(client.DELETE('/api/v1/users/{id}/roles/{assignmentId}', path({ id, assignmentId }))),
    onSuccess: invalidate,
  });
}

export function useResetPassword(id: string) {
  return useMutation({
    mutationFn: (password: string) =>
      call(client.POST('/api/v1/users/{id}/password', { ...path({ id }), body: { password } })),
  });
}

export const apiTokensQuery = queryOptions({
  queryKey: ['apiTokens'],
  queryFn: async () => (await call(client.GET('/api/v1/api-tokens'))).items,
});

export function useCreateApiToken() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'createApiToken'>) => call(client.POST('/api/v1/api-tokens', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['apiTokens'] }),
  });
}

export function useRevokeApiToken() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(client.DELETE('/api/v1/api-tokens/{id}', path({ id }))),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['apiTokens'] }),
  });
}
