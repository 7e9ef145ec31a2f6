/** The parent's side of the preschool queue: their applications, filing one, what to choose from. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiResult, call, client } from './http.ts';

export type CitizenApplication = ApiResult<'listCitizenPreschoolApplications'>['items'][number];
export type CitizenApplicationBody = ApiBody<'fileCitizenPreschoolApplication'>;
export type Kindergarten = ApiResult<'listCitizenKindergartens'>['items'][number];

const keys = {
  list: ['citizen', 'preschool-applications'] as const,
  options: ['citizen', 'preschool-options'] as const,
  kindergartens: (municipalityId: string) => ['citizen', 'kindergartens', municipalityId] as const,
};

export const citizenApplicationsQuery = queryOptions({
  queryKey: keys.list,
  queryFn: () => call(client.GET('/api/v1/citizen/preschool-applications')),
});

/** Municipalities and the region's limit of kindergartens: public, and they change rarely. */
export const preschoolOptionsQuery = queryOptions({
  queryKey: keys.options,
  queryFn: () => call(client.GET('/api/v1/citizen/preschool-options')),
  staleTime: 10 * 60_000,
});

export const kindergartensQuery = (municipalityId: string | null) =>
  queryOptions({
    queryKey: keys.kindergartens(municipalityId ?? ''),
    queryFn: () =>
      call(
        client.GET('/api/v1/citizen/preschool-options/kindergartens', {
          params: { query: { municipalityId: municipalityId! } },
        }),
      ),
    enabled: !!municipalityId,
    staleTime: 10 * 60_000,
  });

/** Files the application; the cabinet's lists (applications, and the children a new child joins) refresh. */
export function useFileCitizenApplication() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CitizenApplicationBody) =>
      call(client.POST('/api/v1/citizen/preschool-applications', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['citizen'] }),
  });
}
