/** Programmes, academic years and units of an organization: the pickers of the order editor and the wizard. */
import { queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client, path } from './http.ts';

export type ProgrammeOption = ApiResult<'listProgrammes'>['items'][number];
export type UnitOption = ApiResult<'listUnits'>['items'][number];
export type YearOption = ApiResult<'listAcademicYears'>['items'][number];

export const programmesQuery = (organizationId: string) =>
  queryOptions({
    queryKey: ['education', 'programmes', organizationId] as const,
    queryFn: () => call(client.GET('/api/v1/organizations/{id}/programmes', path({ id: organizationId }))),
    enabled: !!organizationId,
    staleTime: 60_000,
  });

export const academicYearsQuery = queryOptions({
  queryKey: ['education', 'academic-years'] as const,
  queryFn: () => call(client.GET('/api/v1/academic-years')),
  staleTime: 300_000,
});

/** The academic year a date falls in, if the region has set it up. */
export const yearOf = (years: YearOption[], date: string) =>
  years.find((y) => y.startsOn <= date && date <= y.endsOn);

export const unitsQuery = (organizationId: string, yearId: string | undefined) =>
  queryOptions({
    queryKey: ['education', 'units', organizationId, yearId ?? null] as const,
    queryFn: () =>
      call(
        client.GET('/api/v1/organizations/{id}/units', {
          params: { path: { id: organizationId }, query: yearId ? { yearId } : {} },
        }),
      ),
    enabled: !!organizationId,
    staleTime: 60_000,
  });
