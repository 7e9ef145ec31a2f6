/** Health (special category) and consents of a person. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiResult, call, client, path } from './http.ts';

export type Health = ApiResult<'getPersonHealth'>;
export type PeGroup = NonNullable<Health['peGroup']>;
export type LongTermTreatment = NonNullable<Health['longTermTreatment']>;
export type Disability = Health['disabilities'][number];
export type SpecialNeed = Health['specialNeeds'][number];

export type ConsentList = ApiResult<'listConsents'>;
export type Consent = ConsentList['items'][number];
export type LegalBasisRow = ConsentList['legalBases'][number];
export type GiveConsentBody = ApiBody<'giveConsent'>;

export const healthQuery = (id: string) =>
  queryOptions({
    queryKey: ['persons', 'health', id] as const,
    queryFn: () => call(client.GET('/api/v1/persons/{id}/health', path({ id }))),
  });

export const consentsQuery = (id: string) =>
  queryOptions({
    queryKey: ['persons', 'consents', id] as const,
    queryFn: () => call(client.GET('/api/v1/persons/{id}/consents', path({ id }))),
  });

export function usePutHealth(id: string) {
  const client_ = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'putPersonHealth'>) =>
      call(client.PUT('/api/v1/persons/{id}/health', { ...path({ id }), body })),
    onSuccess: (data) => client_.setQueryData(healthQuery(id).queryKey, data),
  });
}

export function useGiveConsent(id: string) {
  const client_ = useQueryClient();
  return useMutation({
    mutationFn: (body: GiveConsentBody) =>
      call(client.POST('/api/v1/persons/{id}/consents', { ...path({ id }), body })),
    onSuccess: () => client_.invalidateQueries({ queryKey: consentsQuery(id).queryKey }),
  });
}

export function useRevokeConsent(id: string) {
  const client_ = useQueryClient();
  return useMutation({
    mutationFn: ({ consentId, ...body }: { consentId: string } & ApiBody<'revokeConsent'>) =>
      call(
        client.POST('/api/v1/persons/{id}/consents/{consentId}/revoke', {
          ...path({ id, consentId }),
          body,
        }),
      ),
    onSuccess: () => client_.invalidateQueries({ queryKey: consentsQuery(id).queryKey }),
  });
}
