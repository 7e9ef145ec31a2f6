/** What the e-journals sent, read back: a learner's days and marks, an organization's months. */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client } from './http.ts';

export type PersonAttendance = ApiResult<'getPersonAttendance'>;
export type AttendanceDay = PersonAttendance['days'][number];
export type PersonResults = ApiResult<'getPersonResults'>;
export type AttendanceMonth = ApiResult<'getOrganizationAttendanceMonths'>['months'][number];

export const personAttendanceQuery = (id: string, from: string, to: string) =>
  queryOptions({
    queryKey: ['person-attendance', id, from, to],
    queryFn: () =>
      call(client.GET('/api/v1/persons/{id}/attendance', { params: { path: { id }, query: { from, to } } })),
    placeholderData: keepPreviousData,
  });

export const personResultsQuery = (id: string, academicYear: string | null) =>
  queryOptions({
    queryKey: ['person-results', id, academicYear],
    queryFn: () =>
      call(
        client.GET('/api/v1/persons/{id}/results', {
          params: { path: { id }, query: academicYear ? { academicYear } : {} },
        }),
      ),
    placeholderData: keepPreviousData,
  });

export const organizationAttendanceQuery = (id: string) =>
  queryOptions({
    queryKey: ['organization-attendance', id],
    queryFn: () =>
      call(client.GET('/api/v1/organizations/{id}/attendance-months', { params: { path: { id } } })),
  });
