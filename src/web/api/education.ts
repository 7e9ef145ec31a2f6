/**
 * Programmes, academic years and units of an organization, for the pickers of the order editor. The
 * routes belong to the education module (another branch): until they are in the OpenAPI document they are
 * read untyped, and a missing route reads as an empty list with `unavailable` set, so the editor says so
 * instead of failing.
 */
import { queryOptions } from '@tanstack/react-query';

export type ProgrammeOption = { id: string; name: string; level?: string | undefined };
export type UnitOption = {
  id: string;
  name: string;
  capacity?: number | null | undefined;
  programmeId?: string | null | undefined;
};
export type YearOption = { id: string; startsOn: string; endsOn: string };
export type Listing<T> = { items: T[]; unavailable: boolean };

async function getList<T>(url: string): Promise<Listing<T>> {
  const r = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (r.status === 404 || r.status === 405) return { items: [], unavailable: true };
  if (!r.ok) throw new Error('Не удалось загрузить справочник');
  const body = (await r.json()) as unknown;
  const items = Array.isArray(body) ? body : ((body as { items?: unknown[] }).items ?? []);
  return { items: items as T[], unavailable: false };
}

export const programmesQuery = (organizationId: string) =>
  queryOptions({
    queryKey: ['education', 'programmes', organizationId] as const,
    queryFn: () => getList<ProgrammeOption>(`/api/v1/organizations/${organizationId}/programmes`),
    enabled: !!organizationId,
    staleTime: 60_000,
  });

export const academicYearsQuery = queryOptions({
  queryKey: ['education', 'academic-years'] as const,
  queryFn: () => getList<YearOption>('/api/v1/academic-years'),
  staleTime: 300_000,
});

/** The academic year a date falls in, if the region has set it up. */
export const yearOf = (years: YearOption[], date: string) =>
  years.find((y) => y.startsOn <= date && date <= y.endsOn);

export const unitsQuery = (organizationId: string, yearId: string | undefined) =>
  queryOptions({
    queryKey: ['education', 'units', organizationId, yearId ?? null] as const,
    queryFn: () =>
      getList<UnitOption>(
        `/api/v1/organizations/${organizationId}/units${yearId ? `?yearId=${encodeURIComponent(yearId)}` : ''}`,
      ),
    enabled: !!organizationId,
    staleTime: 60_000,
  });
