/** Merges of two records of one person: the merge with the clerk's enrollment choice, the list, undo. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, ApiError, type ApiResult, call, client, path } from './http.ts';

export type MergeAnswer = ApiResult<'mergePersons'>;
export type MergeView = ApiResult<'listPersonMerges'>['items'][number];

/** Enrollments in one kind of organization on both records: the clerk keeps one. */
export type EnrollmentChoice = {
  kind: string;
  options: {
    id: string;
    personId: string;
    organizationId: string;
    organizationName: string;
    startedOn: string;
  }[];
};

/** The choices a refused merge asks for, if that is why it was refused. */
export function enrollmentChoicesOf(err: unknown): EnrollmentChoice[] | null {
  if (!(err instanceof ApiError) || !err.problem.errors?.some((e) => e.code === 'enrollment_choice')) {
    return null;
  }
  return (err.problem as { enrollmentChoices?: EnrollmentChoice[] }).enrollmentChoices ?? null;
}

export const personMergesQuery = (personId: string) =>
  queryOptions({
    queryKey: ['persons', 'detail', personId, 'merges'] as const,
    queryFn: () => call(client.GET('/api/v1/persons/{id}/merges', path({ id: personId }))),
  });

function useInvalidate() {
  const queries = useQueryClient();
  return () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['duplicates'] }),
      queries.invalidateQueries({ queryKey: ['persons'] }),
    ]);
}

export function useMergePersons() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: ({ survivorId, ...body }: { survivorId: string } & ApiBody<'mergePersons'>) =>
      call(client.POST('/api/v1/persons/{id}/merge', { ...path({ id: survivorId }), body })),
    onSuccess: onDone,
  });
}

export function useUndoPersonMerge() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: (mergeId: string) => call(client.POST('/api/v1/merges/{mergeId}/undo', path({ mergeId }))),
    onSuccess: onDone,
  });
}
