/** The bulk contingent import: an organization's lists uploaded as a file and written in the background. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client } from './http.ts';

export type ContingentImport = ApiResult<'getContingentImport'>;
export type ContingentImportItem = ApiResult<'listContingentImports'>['items'][number];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends the file itself as the body: XLSX by its type, anything else as CSV text. */
export const uploadContingentFile = (file: File, organizationId: string | null) => {
  const type = /\.xlsx$/i.test(file.name)
    ? XLSX
    : /\.csv$/i.test(file.name)
      ? 'text/csv'
      : 'application/octet-stream';
  return call(
    client.POST('/api/v1/contingent-imports', {
      params: {
        query: { fileName: file.name.slice(0, 255), ...(organizationId ? { organizationId } : {}) },
      },
      body: file as never,
      bodySerializer: (b: unknown) => b as File,
      headers: { 'Content-Type': type },
    }),
  );
};

const running = (i: { status: string }) => i.status === 'queued' || i.status === 'running';

/** One import; polled while its job runs, so the progress bar moves and survives a reload. */
export const contingentImportQuery = (id: string) =>
  queryOptions({
    queryKey: ['contingent-import', id],
    queryFn: () => call(client.GET('/api/v1/contingent-imports/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && !running(q.state.data) ? false : 1000),
  });

export const contingentImportsQuery = () =>
  infiniteQueryOptions({
    queryKey: ['contingent-imports'],
    queryFn: ({ pageParam }) =>
      call(client.GET('/api/v1/contingent-imports', { params: { query: { cursor: pageParam, limit: 20 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The list's states move on while an import runs.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some(running)) ? 2000 : false),
  });

export const decideHeldRow = (id: string, rowIndex: number, decision: 'link' | 'create') =>
  call(
    client.POST('/api/v1/contingent-imports/{id}/rows/{rowIndex}/decision', {
      params: { path: { id, rowIndex } },
      body: { decision },
    }),
  );

/** Plain links: the browser downloads them with the session cookie. */
export const contingentTemplateUrl = '/api/v1/contingent-imports/template.xlsx';
export const contingentRejectsUrl = (id: string) => `/api/v1/contingent-imports/${id}/rejects.xlsx`;

export const IMPORT_STATUS_TITLES = {
  queued: 'В очереди',
  running: 'Выполняется',
  completed: 'Завершена',
  failed: 'Прервана',
} as const;
