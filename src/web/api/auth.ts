import { queryOptions, useQuery } from '@tanstack/react-query';
import { setDisplayZone } from '../components/format.ts';
import { call, client, isApiError, setCsrfToken } from './http.ts';
import type { Session } from './types.ts';

export const sessionKey = ['session'] as const;

/** The current session, or null when nobody is signed in (401). */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async (): Promise<Session | null> => {
    try {
      const session = await call(client.GET('/api/v1/auth/session'));
      setCsrfToken(session.csrfToken);
      setDisplayZone(session.timeZone);
      return session;
    } catch (e) {
      if (isApiError(e) && e.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw e;
    }
  },
  staleTime: 5 * 60_000,
});

export const providersQuery = queryOptions({
  queryKey: ['auth', 'providers'],
  queryFn: () => call(client.GET('/api/v1/auth/providers')),
  staleTime: Number.POSITIVE_INFINITY,
});

export const useProviders = () => useQuery(providersQuery);

export async function login(login: string, password: string): Promise<Session> {
  const result = await call(client.POST('/api/v1/auth/login', { body: { login, password } }));
  setCsrfToken(result.csrfToken);
  return result;
}

export async function logout(): Promise<void> {
  try {
    await call(client.POST('/api/v1/auth/logout'));
  } finally {
    setCsrfToken(null);
  }
}

export const ESIA_LOGIN_URL = '/api/v1/auth/esia/login';
