/** The dashboards «Показатели»: one query per panel, and the same figures as a spreadsheet. */
import { queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client, withQuery } from './http.ts';

export type ContingentPanel = ApiResult<'getDashboardContingent'>;
export type OccupancyPanel = ApiResult<'getDashboardOccupancy'>;
export type QueuePanel = ApiResult<'getDashboardQueue'>;
export type AttendancePanel = ApiResult<'getDashboardAttendance'>;
export type DataQualityPanel = ApiResult<'getDashboardDataQuality'>;
export type SignOffPanel = ApiResult<'getDashboardSignOff'>;

export type PanelName = 'contingent' | 'occupancy' | 'queue' | 'attendance' | 'data-quality' | 'sign-off';

/** No territory: the reader's whole scope (the region, or their municipality). */
const query = (territoryId: string | undefined) => ({
  params: { query: territoryId ? { territoryId } : {} },
});

export const contingentPanelQuery = (t?: string) =>
  queryOptions({
    queryKey: ['dashboards', 'contingent', t ?? ''],
    queryFn: () => call(client.GET('/api/v1/dashboards/contingent', query(t))),
  });
export const occupancyPanelQuery = (t?: string) =>
  queryOptions({
    queryKey: ['dashboards', 'occupancy', t ?? ''],
    queryFn: () => call(client.GET('/api/v1/dashboards/occupancy', query(t))),
  });
export const queuePanelQuery = (t?: string) =>
  queryOptions({
    queryKey: ['dashboards', 'queue', t ?? ''],
    queryFn: () => call(client.GET('/api/v1/dashboards/queue', query(t))),
  });
export const attendancePanelQuery = (t?: string) =>
  queryOptions({
    queryKey: ['dashboards', 'attendance', t ?? ''],
    queryFn: () => call(client.GET('/api/v1/dashboards/attendance', query(t))),
  });
export const dataQualityPanelQuery = (t?: string) =>
  queryOptions({
    queryKey: ['dashboards', 'data-quality', t ?? ''],
    queryFn: () => call(client.GET('/api/v1/dashboards/data-quality', query(t))),
  });
export const signOffPanelQuery = (t?: string) =>
  queryOptions({
    queryKey: ['dashboards', 'sign-off', t ?? ''],
    queryFn: () => call(client.GET('/api/v1/dashboards/sign-off', query(t))),
  });

/** A plain link: the browser downloads the spreadsheet with the session cookie. */
export const panelXlsxUrl = (panel: PanelName, territoryId: string | undefined) =>
  withQuery(`/api/v1/dashboards/${panel}.xlsx`, { territoryId });
