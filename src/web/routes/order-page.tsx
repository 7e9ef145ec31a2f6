import { Breadcrumbs, Group, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ORDER_KIND_TITLES } from '../../common/movement-dictionary.ts';
import { orderQuery } from '../api/orders.ts';
import { formatDate } from '../components/format.ts';
import { AnchorLink } from '../components/links.tsx';
import { OrderDocument } from '../components/orders/OrderDocument.tsx';
import { OrderForm } from '../components/orders/OrderForm.tsx';
import { OrderStateBadge } from '../components/orders/order-format.tsx';
import { fromOrder } from '../components/orders/order-lines.ts';
import { QueryError } from '../components/QueryError.tsx';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/orders/$id');

/** One order: a draft opens in the editor, a signed or cancelled one as the document. */
export function OrderPage() {
  const { id } = route.useParams();
  const session = useSession();
  const query = useQuery(orderQuery(id));
  if (query.isPending) return <CardSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const order = query.data;
  const own = (session?.roles ?? []).some((r) => r.scopeNodeId === order.organization.id);
  const editable = order.state === 'draft' && can(session, 'order.write') && own;

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/orders" search={{ organizationId: order.organization.id }}>
          Приказы
        </AnchorLink>
        <span>№ {order.number}</span>
      </Breadcrumbs>
      <Group gap="sm" mb={4}>
        <Title order={1} size="h2">
          Приказ № {order.number} от {formatDate(order.orderDate)}
        </Title>
        <OrderStateBadge state={order.state} />
      </Group>
      <Text c="dimmed" mb="md">
        {ORDER_KIND_TITLES[order.kind]} · {order.organization.name}
      </Text>
      {editable ? (
        <OrderForm
          // A new version (after a save or a reload) starts the form from the stored draft.
          key={order.version}
          organizationId={order.organization.id}
          initial={fromOrder(order)}
          order={order}
          onReload={() => void query.refetch()}
          canSign={can(session, 'order.sign')}
        />
      ) : (
        <OrderDocument order={order} canCancel={can(session, 'order.cancel') && own} />
      )}
    </>
  );
}
