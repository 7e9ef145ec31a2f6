/** The registry in figures (no personal data): the analyst's landing, and a summary for the authorities. */
import { queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client } from './http.ts';

export type Overview = ApiResult<'getOverview'>;
export type KindFigures = Overview['byKind'][number];

export const overviewQuery = queryOptions({
  queryKey: ['overview'],
  queryFn: () => call(client.GET('/api/v1/overview')),
});
