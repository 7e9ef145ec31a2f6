/** The citizen's own view (signed in through Госуслуги): their data, their children, the access log. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client } from './http.ts';

export type CitizenView = ApiResult<'getCitizenView'>;
export type CitizenChild = CitizenView['children'][number];
export type CitizenCard = CitizenChild['card'];
export type CitizenHealth = CitizenChild['health'];
export type CitizenConsent = CitizenChild['consents'][number];
export type AccessLogItem = ApiResult<'listCitizenAccessLog'>['items'][number];

export const citizenQuery = queryOptions({
  queryKey: ['citizen', 'me'] as const,
  queryFn: () => call(client.GET('/api/v1/citizen/me')),
});

export const accessLogQuery = infiniteQueryOptions({
  queryKey: ['citizen', 'access-log'] as const,
  queryFn: ({ pageParam }) =>
    call(
      client.GET('/api/v1/citizen/me/access-log', { params: { query: { cursor: pageParam, limit: 50 } } }),
    ),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

export const CITIZEN_EXPORT_PDF = '/api/v1/citizen/me/export.pdf';
export const CITIZEN_EXPORT_JSON = '/api/v1/citizen/me/export.json';
