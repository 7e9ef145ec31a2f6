/** An organization's own contingent: its learners now, those who left, or all, with totals. */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, withQuery } from './http.ts';

export type ContingentStatus = 'current' | 'left' | 'all';

export type ContingentItem = {
  personId: string;
  enrollmentId: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string;
  sex: 'male' | 'female';
  startedOn: string;
  endedOn: string | null;
};

export type ContingentPage = {
  organization: { id: string; shortName: string; territoryName: string };
  totals: { current: number; left: number };
  items: ContingentItem[];
  nextCursor: string | null;
};

const PAGE_SIZE = 100;

export const contingentQuery = (organizationId: string, status: ContingentStatus, q: string) =>
  infiniteQueryOptions({
    queryKey: ['contingent', organizationId, status, q],
    queryFn: ({ pageParam }) =>
      api.get<ContingentPage>(`/organizations/${organizationId}/contingent`, {
        status,
        q: q || undefined,
        cursor: pageParam,
        limit: PAGE_SIZE,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The same list as a spreadsheet (a plain link: the browser downloads it with the session cookie). */
export const contingentXlsxUrl = (organizationId: string, status: ContingentStatus, q: string) =>
  `/api${withQuery(`/v1/organizations/${organizationId}/contingent.xlsx`, { status, q: q || undefined })}`;
