/** Catchments (закреплённые территории) of a municipality, and the kindergartens an address is fixed to. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiResult, call, client, path } from './http.ts';

export type Catchment = ApiResult<'listCatchments'>['items'][number];
export type CatchmentSuggestion = ApiResult<'suggestKindergartens'>;

const keys = {
  all: ['catchments'] as const,
  list: (municipalityId: string) => ['catchments', 'list', municipalityId] as const,
  suggest: (municipalityId: string, oktmo: string) =>
    ['catchments', 'suggest', municipalityId, oktmo] as const,
};

export const catchmentsQuery = (municipalityId: string | null) =>
  queryOptions({
    queryKey: keys.list(municipalityId ?? ''),
    queryFn: async () =>
      (
        await call(
          client.GET('/api/v1/catchments', { params: { query: { municipalityId: municipalityId! } } }),
        )
      ).items,
    enabled: !!municipalityId,
  });

/** The catchment an address (its settlement's ОКТМО) falls in, with its kindergartens; none outside any. */
export const catchmentSuggestionQuery = (municipalityId: string | null, oktmo: string | null) =>
  queryOptions({
    queryKey: keys.suggest(municipalityId ?? '', oktmo ?? ''),
    queryFn: () =>
      call(
        client.GET('/api/v1/catchments/suggest', {
          params: { query: { municipalityId: municipalityId!, oktmo: oktmo! } },
        }),
      ),
    enabled: !!municipalityId && !!oktmo && /^\d{8}(\d{3})?$/.test(oktmo),
    retry: false,
  });

export function useCreateCatchment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'createCatchment'>) => call(client.POST('/api/v1/catchments', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useUpdateCatchment(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'updateCatchment'>) =>
      call(client.PUT('/api/v1/catchments/{id}', { ...path({ id }), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}
