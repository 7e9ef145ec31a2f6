/** The intake log: what the e-journal systems sent, per organization and source system, batch by batch. */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client } from './http.ts';

export type IntakeLog = ApiResult<'getIntakeLog'>;
export type IntakeSource = IntakeLog['sources'][number];
export type IntakeBatch = IntakeLog['items'][number];
export type IntakeLogFilter = { organizationId?: string | undefined; kind?: IntakeBatch['kind'] | undefined };

export const INTAKE_KIND_TITLES: Record<string, string> = {
  attendance: 'Посещаемость',
  results: 'Отметки',
  achievements: 'Достижения',
};

export const intakeLogQuery = (f: IntakeLogFilter) =>
  infiniteQueryOptions({
    queryKey: ['intake-log', f],
    queryFn: ({ pageParam }) =>
      call(
        client.GET('/api/v1/intake/log', {
          params: { query: { ...f, cursor: pageParam, limit: 20 } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
