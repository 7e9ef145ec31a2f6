/** Children out of education: the municipality's inbox of cases, one case card, its work and the lists for КДН/опека. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiBody, type ApiQuery, type ApiResult, call, client, withQuery } from './http.ts';

export type OoeCaseItem = ApiResult<'listOutOfEducationCases'>['items'][number];
export type OoeCase = ApiResult<'getOutOfEducationCase'>;
export type OoeUpdate = ApiBody<'updateOutOfEducationCase'>;
export type OoeFilters = Omit<ApiQuery<'listOutOfEducationCases'>, 'cursor' | 'limit'>;

export const casesQuery = (filters: OoeFilters) =>
  infiniteQueryOptions({
    queryKey: ['out-of-education', 'cases', filters],
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/out-of-education/cases', {
          params: { query: { ...filters, cursor: pageParam, limit: 50 } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const caseQuery = (id: string) =>
  queryOptions({
    queryKey: ['out-of-education', 'case', id],
    queryFn: () => call(client.GET('/api/v1/out-of-education/cases/{id}', { params: { path: { id } } })),
  });

export const updateCase = (id: string, body: OoeUpdate) =>
  call(client.PATCH('/api/v1/out-of-education/cases/{id}', { params: { path: { id } }, body }));

/** The list as a spreadsheet (a plain link: the browser downloads it with the session cookie). */
export const casesXlsxUrl = (recipient: 'kdn' | 'guardianship', filters: OoeFilters) =>
  withQuery('/api/v1/out-of-education/cases.xlsx', { ...filters, recipient });

export const KIND_TITLES = {
  not_started: 'Не приступил к обучению',
  left_not_arrived: 'Выбыл и не прибыл',
  stopped_attending: 'Прекратил посещение',
  preschool_absent: 'Не посещает детский сад',
} as const;

export const STATUS_TITLES = {
  detected: 'Выявлен',
  checking: 'Проверка',
  cause_found: 'Причина установлена',
  measures_taken: 'Меры приняты',
  closed: 'Закрыт',
} as const;
