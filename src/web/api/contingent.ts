/** An organization's own contingent: its learners now, those who left, or all, with totals. */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { type ApiQuery, type ApiResult, call, client, withQuery } from './http.ts';

export type ContingentStatus = NonNullable<ApiQuery<'listContingent'>['status']>;
export type ContingentPage = ApiResult<'listContingent'>;
export type ContingentItem = ContingentPage['items'][number];

const PAGE_SIZE = 100;

export const contingentQuery = (organizationId: string, status: ContingentStatus, q: string) =>
  infiniteQueryOptions({
    queryKey: ['contingent', organizationId, status, q],
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/organizations/{id}/contingent', {
          params: {
            path: { id: organizationId },
            query: { status, q: q || undefined, cursor: pageParam, limit: PAGE_SIZE },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The same list as a spreadsheet (a plain link: the browser downloads it with the session cookie). */
export const contingentXlsxUrl = (organizationId: string, status: ContingentStatus, q: string) =>
  withQuery(`/api/v1/organizations/${organizationId}/contingent.xlsx`, { status, q: q || undefined });
