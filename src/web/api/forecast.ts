/** The forecast of demand for kindergarten places. */
import { queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client, withQuery } from './http.ts';

export type Forecast = ApiResult<'getPreschoolForecast'>;
export type ForecastRow = Forecast['rows'][number];

export const forecastQuery = (territoryId: string, years: number) =>
  queryOptions({
    queryKey: ['forecast', territoryId, years],
    queryFn: () =>
      call(client.GET('/api/v1/preschool-forecast', { params: { query: { territoryId, years } } })),
    enabled: territoryId !== '',
  });

export const forecastXlsxUrl = (territoryId: string, years: number) =>
  withQuery('/api/v1/preschool-forecast.xlsx', { territoryId, years });
