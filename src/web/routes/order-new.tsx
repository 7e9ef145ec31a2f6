import { Breadcrumbs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { type MovementKind, ORDER_MOVEMENTS, type OrderKind } from '../../common/movement-dictionary.ts';
import { expectedArrivalsQuery } from '../api/orders.ts';
import { personQuery } from '../api/persons.ts';
import { today } from '../components/format.ts';
import { AnchorLink } from '../components/links.tsx';
import { OrderForm } from '../components/orders/OrderForm.tsx';
import {
  defaultMovement,
  type Line,
  laterDate,
  newLine,
  personLabel,
} from '../components/orders/order-lines.ts';
import { useOrgChoice } from '../components/orders/useOrgChoice.ts';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';

const route = getRouteApi('/app/orders/new');

/**
 * A new order. From a learner's card it comes with that learner and the movement («Выбытие», «Перевод»);
 * from the inbox with the expected learner and the transfer it completes.
 */
export function OrderNewPage() {
  const search = route.useSearch();
  const session = useSession();
  const { organizationId } = useOrgChoice(search.organizationId);
  const kind: OrderKind = search.kind ?? 'enrollment';
  const movement: MovementKind =
    search.movement && ORDER_MOVEMENTS[kind].includes(search.movement)
      ? search.movement
      : defaultMovement(kind);
  const person = useQuery({ ...personQuery(search.personId ?? ''), enabled: !!search.personId });
  const arrivals = useQuery({
    ...expectedArrivalsQuery(organizationId ?? ''),
    enabled: !!search.arrivalOf && !!organizationId,
  });
  const waitingFor = !!(search.personId && person.isPending) || !!(search.arrivalOf && arrivals.isPending);

  if (!organizationId) return <Text>Нет организации, приказы которой вы ведёте.</Text>;
  if (waitingFor) return <CardSkeleton />;

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/orders" search={{ organizationId }}>
          Приказы
        </AnchorLink>
        <span>Новый приказ</span>
      </Breadcrumbs>
      <Title order={1} size="h2" mb="md">
        Новый приказ
      </Title>
      <NewOrder
        organizationId={organizationId}
        kind={kind}
        prefill={prefillLine(movement, search, person.data, arrivals.data?.items)}
        canSign={can(session, 'order.sign')}
      />
    </>
  );
}

type Search = ReturnType<typeof route.useSearch>;

function prefillLine(
  movement: MovementKind,
  search: Search,
  card:
    | { id: string; lastName: string; firstName: string; middleName: string | null; birthDate: string }
    | undefined,
  arrivals:
    | {
        movementId: string;
        person: Parameters<typeof personLabel>[0] & { id: string };
        effectiveOn: string;
      }[]
    | undefined,
): Line | null {
  const date = today();
  if (search.arrivalOf) {
    const a = arrivals?.find((x) => x.movementId === search.arrivalOf);
    if (!a) return null;
    return newLine('enrollment', laterDate(a.effectiveOn, date), {
      personId: a.person.id,
      personLabel: personLabel(a.person),
      arrivalOf: a.movementId,
    });
  }
  if (card) {
    return newLine(movement, date, {
      personId: card.id,
      personLabel: personLabel(card),
      enrollmentId: search.enrollmentId ?? '',
    });
  }
  return null;
}

function NewOrder({
  organizationId,
  kind,
  prefill,
  canSign,
}: {
  organizationId: string;
  kind: OrderKind;
  prefill: Line | null;
  canSign: boolean;
}) {
  const [initial] = useState(() => ({
    header: { kind, number: '', orderDate: today(), signerName: '', signerPosition: '', basis: '' },
    lines: prefill ? [prefill] : [newLine(defaultMovement(kind), today())],
  }));
  const [fixed] = useState(() => new Set(prefill ? [prefill.key] : []));
  return <OrderForm organizationId={organizationId} initial={initial} fixedKeys={fixed} canSign={canSign} />;
}
