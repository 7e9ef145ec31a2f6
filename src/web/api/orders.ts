/** Orders (приказы), transfers between organizations and the learner's trajectory. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiBody, type ApiQuery, type ApiResult, call, client, path } from './http.ts';

export type OrderFilters = ApiQuery<'listOrders'>;
export type OrderListItem = ApiResult<'listOrders'>['items'][number];
export type Order = ApiResult<'getOrder'>;
export type OrderMovement = Order['movements'][number];
export type OrderBody = ApiBody<'createOrder'>;
export type MovementBody = OrderBody['movements'][number];
export type CancelBody = ApiBody<'cancelOrder'>;
export type PendingTransfer = ApiResult<'listExpectedArrivals'>['items'][number];
export type Trajectory = ApiResult<'getPersonTrajectory'>;

export const orderKeys = {
  all: ['orders'] as const,
  list: (f: OrderFilters) => ['orders', 'list', f] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
  arrivals: (orgId: string) => ['orders', 'arrivals', orgId] as const,
  notArrived: ['orders', 'not-arrived'] as const,
  trajectory: (personId: string) => ['orders', 'trajectory', personId] as const,
};

export const ordersListQuery = (filters: OrderFilters) =>
  queryOptions({
    queryKey: orderKeys.list(filters),
    queryFn: async () => (await call(client.GET('/api/v1/orders', { params: { query: filters } }))).items,
    enabled: !!filters.organizationId,
  });

export const orderQuery = (id: string) =>
  queryOptions({
    queryKey: orderKeys.detail(id),
    queryFn: () => call(client.GET('/api/v1/orders/{id}', path({ id }))),
  });

export const expectedArrivalsQuery = (organizationId: string) =>
  queryOptions({
    queryKey: orderKeys.arrivals(organizationId),
    queryFn: () =>
      call(client.GET('/api/v1/organizations/{id}/expected-arrivals', path({ id: organizationId }))),
    enabled: !!organizationId,
  });

export const notArrivedQuery = queryOptions({
  queryKey: orderKeys.notArrived,
  queryFn: () => call(client.GET('/api/v1/transfers/not-arrived')),
});

export const trajectoryQuery = (personId: string) =>
  queryOptions({
    queryKey: orderKeys.trajectory(personId),
    queryFn: () => call(client.GET('/api/v1/persons/{id}/trajectory', path({ id: personId }))),
  });

/** The printed order; the server renders it (header of the organization, «ПРИКАЗ», the list, signer). */
export const orderPdfUrl = (id: string) => `/api/v1/orders/${id}/pdf`;

function useInvalidateOrders() {
  const qc = useQueryClient();
  // A signed order changes the learners' cards, lists and inboxes as well as the order book.
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: orderKeys.all }),
      qc.invalidateQueries({ queryKey: ['persons'] }),
      qc.invalidateQueries({ queryKey: ['contingent'] }),
    ]);
}

export function useCreateOrder() {
  const onSaved = useInvalidateOrders();
  return useMutation({
    mutationFn: (body: OrderBody) => call(client.POST('/api/v1/orders', { body })),
    onSuccess: onSaved,
  });
}

export function useUpdateOrder(id: string) {
  const onSaved = useInvalidateOrders();
  return useMutation({
    mutationFn: (body: ApiBody<'updateOrder'>) =>
      call(client.PUT('/api/v1/orders/{id}', { ...path({ id }), body })),
    onSuccess: onSaved,
  });
}

export function useDeleteOrder(id: string) {
  const onSaved = useInvalidateOrders();
  return useMutation({
    mutationFn: (version: number) =>
      call(client.DELETE('/api/v1/orders/{id}', { params: { path: { id }, query: { version } } })),
    onSuccess: onSaved,
  });
}

/** Signing names the order in the call: a new order is stored and signed in one step of the editor. */
export function useSignOrder() {
  const onSaved = useInvalidateOrders();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      call(client.POST('/api/v1/orders/{id}/sign', { ...path({ id }), body: { version } })),
    onSuccess: onSaved,
  });
}

export function useCancelOrder(id: string) {
  const onSaved = useInvalidateOrders();
  return useMutation({
    mutationFn: (body: CancelBody) =>
      call(client.POST('/api/v1/orders/{id}/cancel', { ...path({ id }), body })),
    onSuccess: onSaved,
  });
}
