/** The pseudonymised export (as a file download) and the register of destruction acts. */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { ApiError, type ApiResult, call, client, type Problem, withQuery } from './http.ts';
import type { OrganizationKind } from './types.ts';

export type ExportFileFormat = 'excel' | 'xlsx';
export type ExportChoice = { territoryId: string | null; organizationKind: OrganizationKind | null };

export const personsExportUrl = (format: ExportFileFormat, f: ExportChoice) =>
  `/api${withQuery(format === 'xlsx' ? '/v1/exports/persons.xlsx' : '/v1/exports/persons.csv', {
    territoryId: f.territoryId,
    organizationKind: f.organizationKind,
  })}`;

/**
 * Downloads the file with the session cookie. A fetch rather than a plain link: the screen can say
 * the file is being prepared, and show the server's refusal instead of saving it as the file.
 */
export async function downloadPersonsExport(
  format: ExportFileFormat,
  f: ExportChoice,
): Promise<{ rows: number; fileName: string }> {
  let res: Response;
  try {
    res = await fetch(personsExportUrl(format, f), { credentials: 'same-origin' });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      detail: 'Сервер недоступен. Проверьте подключение.',
    });
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiError({ ...problem, status: res.status });
  }
  const fileName =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
    `persons-pseudonymised.${format === 'xlsx' ? 'xlsx' : 'csv'}`;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by the next task; the object URL is then no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return { rows: Number(res.headers.get('x-total-count') ?? 0), fileName };
}

export type DestructionAct = ApiResult<'listDestructionActs'>['items'][number];

export const destructionActsQuery = () =>
  infiniteQueryOptions({
    queryKey: ['destruction-acts'],
    queryFn: ({ pageParam }) =>
      call(client.GET('/api/v1/destruction-acts', { params: { query: { cursor: pageParam, limit: 50 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const destructionActPdfUrl = (id: string) => `/api/v1/destruction-acts/${id}/pdf`;
