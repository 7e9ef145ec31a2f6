import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../common/roles.ts';
import { api } from './http.ts';
import type { ApiToken, Page, User, UserListItem } from './types.ts';

export const userKeys = {
  all: ['users'] as const,
  list: (q: string) => ['users', 'list', q] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export const usersListQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: userKeys.list(q),
    queryFn: ({ pageParam }) => api.get<Page<UserListItem>>('/users', { q, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const userQuery = (id: string) =>
  queryOptions({
    queryKey: userKeys.detail(id),
    queryFn: () => api.get<User>(`/users/${encodeURIComponent(id)}`),
  });

const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

function useInvalidateUsers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: userKeys.all });
}

export type NewUser = { login: string; fullName: string; email?: string; password: string };

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: NewUser) => api.post<User>('/users', body),
    onSuccess: invalidate,
  });
}

export type UserPatch = { version: number; fullName?: string; email?: string | null; blocked?: boolean };

export function useUpdateUser(id: string) {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: UserPatch) => api.patch<User>(userPath(id), body),
    onSuccess: invalidate,
  });
}

export function useGrantRole(id: string) {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: { role: Role; scopeNodeId: string; healthAccess?: boolean }) =>
      api.post<unknown>(`${userPath(id)}/roles`, body),
    onSuccess: invalidate,
  });
}

export function useRevokeRole(id: string) {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (assignmentId: string) =>
      api.delete(`${userPath(id)}/roles/${encodeURIComponent(assignmentId)}`),
    onSuccess: invalidate,
  });
}

export function useResetPassword(id: string) {
  return useMutation({
    mutationFn: (password: string) => api.post<void>(`${userPath(id)}/password`, { password }),
  });
}

export const apiTokensQuery = queryOptions({
  queryKey: ['apiTokens'],
  queryFn: async () => (await api.get<{ items: ApiToken[] }>('/api-tokens')).items,
});

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; organizationIds: string[] }) =>
      api.post<{ id: string; token: string }>('/api-tokens', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['apiTokens'] }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api-tokens/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['apiTokens'] }),
  });
}
