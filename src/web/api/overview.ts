/** The registry in figures (no personal data): the analyst's landing, and a summary for the authorities. */
import { queryOptions } from '@tanstack/react-query';
import { api } from './http.ts';
import type { OrganizationKind } from './types.ts';

export type KindFigures = {
  kind: OrganizationKind;
  organizations: number;
  activeOrganizations: number;
  learners: number;
};

export type Overview = {
  asOf: string;
  totals: { organizations: number; activeOrganizations: number; learners: number };
  byKind: KindFigures[];
  byMunicipality: {
    territoryId: string;
    name: string;
    organizations: number;
    learners: number;
    byKind: KindFigures[];
  }[];
};

export const overviewQuery = queryOptions({
  queryKey: ['overview'],
  queryFn: () => api.get<Overview>('/overview'),
});
