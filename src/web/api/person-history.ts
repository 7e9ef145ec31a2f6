import { queryOptions } from '@tanstack/react-query';
import { type ApiResult, call, client, path } from './http.ts';
import { personKeys } from './persons.ts';

/** A person's versions with the short names of the people they point at (representatives, merges). */
export type PersonHistory = ApiResult<'listPersonVersions'>;

export const personHistoryQuery = (id: string) =>
  queryOptions({
    // Under the person's versions key, so whatever refreshes the history refreshes this too.
    queryKey: [...personKeys.versions(id), 'named'],
    queryFn: () => call(client.GET('/api/v1/persons/{id}/versions', path({ id }))),
  });
