/** ГИА results: the exam centre's files uploaded as they are, their counts and the report of rows left out. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client } from './http.ts';

export type GiaImport = ApiResult<'getGiaImport'>;
export type GiaImportItem = ApiResult<'listGiaImports'>['items'][number];
export type GiaResult = ApiResult<'listPersonGiaResults'>['items'][number];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends the file itself as the body: XLSX by its type, anything else as CSV text. */
export const uploadGiaFile = (file: File) => {
  const type = /\.xlsx$/i.test(file.name)
    ? XLSX
    : /\.csv$/i.test(file.name)
      ? 'text/csv'
      : 'application/octet-stream';
  return call(
    client.POST('/api/v1/gia-imports', {
      params: { query: { fileName: file.name.slice(0, 255) } },
      body: file as never,
      bodySerializer: (b: unknown) => b as File,
      headers: { 'Content-Type': type },
    }),
  );
};

export const giaImportQuery = (id: string) =>
  queryOptions({
    queryKey: ['gia-import', id],
    queryFn: () => call(client.GET('/api/v1/gia-imports/{id}', { params: { path: { id } } })),
  });

export const giaImportsQuery = () =>
  infiniteQueryOptions({
    queryKey: ['gia-imports'],
    queryFn: ({ pageParam }) =>
      call(client.GET('/api/v1/gia-imports', { params: { query: { cursor: pageParam, limit: 20 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const personGiaResultsQuery = (personId: string) =>
  queryOptions({
    queryKey: ['person-gia-results', personId],
    queryFn: () =>
      call(client.GET('/api/v1/persons/{id}/gia-results', { params: { path: { id: personId } } })),
  });

/** The rows left out, as a spreadsheet (a plain link: the browser downloads it with the session cookie). */
export const giaUnmatchedXlsxUrl = (id: string) => `/api/v1/gia-imports/${id}/unmatched.xlsx`;

export const EXAM_KIND_TITLES = { oge: 'ОГЭ', ege: 'ЕГЭ', gve: 'ГВЭ' } as const;
