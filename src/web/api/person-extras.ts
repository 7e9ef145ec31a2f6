/** Health (special category) and consents of a person. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';

export type PeGroup = 'main' | 'preparatory' | 'special_a' | 'special_b' | 'exempt';
export type LongTermTreatment = 'home_schooling' | 'medical_organization';

export type Disability = {
  id?: string;
  category: 'child' | 'adult';
  group: number | null;
  validFrom: string;
  validUntil: string | null;
  cause: string | null;
  ipraNumber: string | null;
  ipraDate: string | null;
};

export type SpecialNeed = {
  id?: string;
  pmpkDate: string;
  pmpkNumber: string;
  recommendedProgram: string | null;
  validUntil: string | null;
};

export type Health = {
  personId?: string;
  version: number;
  healthGroup: number | null;
  peGroup: PeGroup | null;
  needsAdaptedProgram: boolean;
  longTermTreatment: LongTermTreatment | null;
  disabilities: Disability[];
  specialNeeds: SpecialNeed[];
};

export type Consent = {
  id: string;
  purpose: string;
  purposeTitle: string;
  basis: 'consent' | 'law';
  scope: string[];
  givenOn: string;
  document: string | null;
  representative: { id: string; fullName: string } | null;
  revokedOn: string | null;
  revocationReason: string | null;
};

export type LegalBasisRow = {
  code: string;
  title: string;
  basis: 'consent' | 'law';
  lawReference: string;
  dataCategories: string[];
};

export type ConsentList = { items: Consent[]; legalBases: LegalBasisRow[] };
export type GiveConsentBody = {
  purpose: string;
  scope: string[];
  givenOn: string;
  document?: string;
  representativeId?: string;
};

const enc = encodeURIComponent;

export const healthQuery = (id: string) =>
  queryOptions({
    queryKey: ['persons', 'health', id] as const,
    queryFn: () => api.get<Health>(`/persons/${enc(id)}/health`),
  });

export const consentsQuery = (id: string) =>
  queryOptions({
    queryKey: ['persons', 'consents', id] as const,
    queryFn: () => api.get<ConsentList>(`/persons/${enc(id)}/consents`),
  });

export function usePutHealth(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Health) => api.put<Health>(`/persons/${enc(id)}/health`, body),
    onSuccess: (data) => client.setQueryData(healthQuery(id).queryKey, data),
  });
}

export function useGiveConsent(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: GiveConsentBody) => api.post<Consent>(`/persons/${enc(id)}/consents`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: consentsQuery(id).queryKey }),
  });
}

export function useRevokeConsent(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ consentId, ...body }: { consentId: string; revokedOn: string; reason?: string }) =>
      api.post<Consent>(`/persons/${enc(id)}/consents/${enc(consentId)}/revoke`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: consentsQuery(id).queryKey }),
  });
}
