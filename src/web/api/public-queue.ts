/** The public pages of the preschool queue: no session, no personal data. */
import { queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client } from './http.ts';

export type PublicQueue = ApiResult<'getPublicPreschoolQueue'>;
export type PublicKindergarten = PublicQueue['kindergartens'][number];

export const publicMunicipalitiesQuery = () =>
  queryOptions({
    queryKey: ['public', 'municipalities'],
    queryFn: () => call(client.GET('/api/v1/public/municipalities')),
    staleTime: 10 * 60_000,
  });

export const publicQueueQuery = (municipalityId: string) =>
  queryOptions({
    queryKey: ['public', 'queue', municipalityId],
    queryFn: () =>
      call(client.GET('/api/v1/public/preschool-queue', { params: { query: { municipalityId } } })),
    enabled: municipalityId !== '',
  });
