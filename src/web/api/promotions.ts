/** The year-end promotion: preview, run, the runs made, undo. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiResult, call, client, path } from './http.ts';

export type PromotionPreview = ApiResult<'previewPromotion'>;
export type PreviewSchool = PromotionPreview['schools'][number];
export type PreviewClass = PreviewSchool['classes'][number];
export type PreviewLearner = PreviewClass['learners'][number];
export type PromotionRun = ApiResult<'getPromotion'>;
export type RunBody = ApiBody<'runPromotion'>;
export type Adjustment = NonNullable<RunBody['adjustments']>[number];
export type PromotionScope = { organizationId?: string; territoryId?: string };

export const promotionKeys = {
  all: ['promotions'] as const,
  run: (id: string) => ['promotions', 'run', id] as const,
  list: (organizationId: string | undefined) => ['promotions', 'list', organizationId ?? ''] as const,
};

export const promotionRunQuery = (id: string) =>
  queryOptions({
    queryKey: promotionKeys.run(id),
    queryFn: () => call(client.GET('/api/v1/promotions/{id}', path({ id }))),
  });

export const promotionRunsQuery = (organizationId: string | undefined) =>
  queryOptions({
    queryKey: promotionKeys.list(organizationId),
    queryFn: async () =>
      (
        await call(
          client.GET('/api/v1/promotions', {
            params: { query: organizationId ? { organizationId } : {} },
          }),
        )
      ).items,
  });

export const previewPromotion = (body: PromotionScope & { fromYearId: string; toYearId: string }) =>
  call(client.POST('/api/v1/promotions/preview', { body }));

function useInvalidate() {
  const qc = useQueryClient();
  // A run signs orders, moves learners between classes and creates next year's classes.
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: promotionKeys.all }),
      qc.invalidateQueries({ queryKey: ['orders'] }),
      qc.invalidateQueries({ queryKey: ['contingent-by-unit'] }),
      qc.invalidateQueries({ queryKey: ['unit-learners'] }),
      qc.invalidateQueries({ queryKey: ['persons'] }),
    ]);
}

export function useRunPromotion() {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: (body: RunBody) => call(client.POST('/api/v1/promotions', { body })),
    onSuccess: onDone,
  });
}

export function useUndoPromotion(id: string) {
  const onDone = useInvalidate();
  return useMutation({
    mutationFn: (body: ApiBody<'undoPromotion'>) =>
      call(client.POST('/api/v1/promotions/{id}/undo', { ...path({ id }), body })),
    onSuccess: onDone,
  });
}
