/** Statistical forms: the register of definitions, a form computed on a date, the learners behind a cell. */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiResult, call, client, withQuery } from './http.ts';

export type StatForm = ApiResult<'listStatForms'>['items'][number];
export type StatFormReport = ApiResult<'getStatFormReport'>;
export type StatFormSection = StatFormReport['sections'][number];
export type StatFormFailure = StatFormReport['controlFailures'][number];
export type CellLearner = ApiResult<'listStatFormCellLearners'>['items'][number];
export type CellUnit = ApiResult<'listStatFormCellUnits'>['items'][number];

/** Who a form is computed for and on which date (empty asOf: the form's own reference day). */
export type StatFormScope = {
  organizationId?: string | undefined;
  territoryId?: string | undefined;
  asOf?: string | undefined;
};

export const statFormsQuery = queryOptions({
  queryKey: ['stat-forms'],
  queryFn: () => call(client.GET('/api/v1/stat-forms')),
  staleTime: 10 * 60_000,
});

const hasScope = (s: StatFormScope) => !!(s.organizationId || s.territoryId);

export const statFormReportQuery = (code: string, edition: string, scope: StatFormScope) =>
  queryOptions({
    queryKey: ['stat-forms', code, edition, 'report', scope],
    queryFn: () =>
      call(
        client.GET('/api/v1/stat-forms/{code}/editions/{edition}/report', {
          params: { path: { code, edition }, query: scope },
        }),
      ),
    enabled: hasScope(scope),
  });

export const cellLearnersQuery = (
  code: string,
  edition: string,
  cell: { row: string; column: string },
  scope: StatFormScope,
) =>
  infiniteQueryOptions({
    queryKey: ['stat-forms', code, edition, 'cell', cell.row, cell.column, scope],
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/stat-forms/{code}/editions/{edition}/cells/{row}/{column}/learners', {
          params: {
            path: { code, edition, row: cell.row, column: cell.column },
            query: { ...scope, cursor: pageParam, limit: 50 },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const cellUnitsQuery = (
  code: string,
  edition: string,
  cell: { row: string; column: string },
  scope: StatFormScope,
) =>
  infiniteQueryOptions({
    queryKey: ['stat-forms', code, edition, 'cell-units', cell.row, cell.column, scope],
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/stat-forms/{code}/editions/{edition}/cells/{row}/{column}/units', {
          params: {
            path: { code, edition, row: cell.row, column: cell.column },
            query: { ...scope, cursor: pageParam, limit: 50 },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The form in Rosstat's layout as a spreadsheet (a plain link: the browser downloads it with the cookie). */
export const statFormXlsxUrl = (code: string, edition: string, scope: StatFormScope) =>
  withQuery(
    `/api/v1/stat-forms/${encodeURIComponent(code)}/editions/${encodeURIComponent(edition)}/report.xlsx`,
    scope,
  );

/** A territory's form summed from the forms its organizations signed. */
export const consolidatedQuery = (code: string, edition: string, scope: StatFormScope) =>
  queryOptions({
    queryKey: ['stat-forms', code, edition, 'consolidated', scope],
    queryFn: () =>
      call(
        client.GET('/api/v1/stat-forms/{code}/editions/{edition}/consolidated', {
          params: { path: { code, edition }, query: { territoryId: scope.territoryId!, asOf: scope.asOf } },
        }),
      ),
    enabled: !!scope.territoryId,
  });

/** The form for signing on paper: the signed figures once the organization has signed, else a draft. */
export const statFormPdfUrl = (code: string, edition: string, scope: StatFormScope) =>
  withQuery(
    `/api/v1/stat-forms/${encodeURIComponent(code)}/editions/${encodeURIComponent(edition)}/report.pdf`,
    scope,
  );

export type SubmissionProgress = ApiResult<'listStatFormSubmissions'>;
export type SubmissionItem = SubmissionProgress['items'][number];

export const submissionsQuery = (code: string, edition: string, scope: StatFormScope) =>
  queryOptions({
    queryKey: ['stat-forms', code, edition, 'submissions', scope],
    queryFn: () =>
      call(
        client.GET('/api/v1/stat-forms/{code}/editions/{edition}/submissions', {
          params: { path: { code, edition }, query: scope },
        }),
      ),
    enabled: hasScope(scope),
  });

/** Signs the organization's form (again, after a return, at the version seen). */
export function useSignForm(code: string, edition: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { organizationId: string; asOf: string; version?: number | undefined }) =>
      call(
        client.POST('/api/v1/stat-forms/{code}/editions/{edition}/submissions', {
          params: { path: { code, edition } },
          body,
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stat-forms', code, edition] }),
  });
}

export function useReturnSubmission(code: string, edition: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: { id: string; version: number; reason: string }) =>
      call(
        client.POST('/api/v1/stat-form-submissions/{id}/return', {
          params: { path: { id: p.id } },
          body: { version: p.version, reason: p.reason },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stat-forms', code, edition] }),
  });
}

export type ManualCellsInput = {
  organizationId: string;
  asOf: string;
  version: number;
  cells: { section: string; row: string; column: string; value: number | null }[];
};

/** Saves the cells the organization enters by hand, at the version of them the user saw. */
export function useSaveManualCells(code: string, edition: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ManualCellsInput) =>
      call(
        client.PUT('/api/v1/stat-forms/{code}/editions/{edition}/manual-cells', {
          params: { path: { code, edition } },
          body,
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['stat-forms', code, edition] }),
  });
}
