/** Merges of two records of one person: the merge with the clerk's enrollment choice, the list, undo. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './http.ts';
import type { PersonCard } from './person-types.ts';

export type MergeView = {
  id: string;
  survivorId: string;
  mergedId: string;
  reason: string | null;
  mergedAt: string;
  mergedBy: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
  moved: Record<string, Record<string, number>>;
  /** In a record's list of merges: undo would be accepted (latest, survivor unchanged since). */
  undoable?: boolean;
};
export type MergeAnswer = { merge: MergeView; person: PersonCard };

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
    queryFn: () => api.get<{ items: MergeView[] }>(`/persons/${encodeURIComponent(personId)}/merges`),
  });

function useInvalidate() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['duplicates'] }),
      client.invalidateQueries({ queryKey: ['persons'] }),
    ]);
}

export function useMergePersons() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: ({
      survivorId,
      ...body
    }: {
      survivorId: string;
      mergedId: string;
      reason: string;
      version: number;
      mergedVersion: number;
      keepEnrollmentIds?: string[];
    }) => api.post<MergeAnswer>(`/persons/${encodeURIComponent(survivorId)}/merge`, body),
    onSuccess: onDone,
  });
}

export function useUndoPersonMerge() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: (mergeId: string) => api.post<MergeAnswer>(`/merges/${encodeURIComponent(mergeId)}/undo`, {}),
    onSuccess: onDone,
  });
}
