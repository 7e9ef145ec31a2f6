import { Badge } from '@mantine/core';
import {
  EXIT_REASONS,
  type ExitReason,
  MOVEMENT_KIND_TITLES,
  type MovementKind,
  PROMOTION_TYPE_TITLES,
  type PromotionType,
} from '../../../common/movement-dictionary.ts';

export const ORDER_STATE_TITLES: Record<string, string> = {
  draft: 'Проект',
  signed: 'Подписан',
  cancelled: 'Отменён',
};
const STATE_COLORS: Record<string, string> = { draft: 'gray', signed: 'green', cancelled: 'red' };

export function OrderStateBadge({ state }: { state: string }) {
  return (
    <Badge color={STATE_COLORS[state] ?? 'gray'} variant="light" radius="sm" tt="none">
      {ORDER_STATE_TITLES[state] ?? state}
    </Badge>
  );
}

/** Entered more than one working day after the order's date: the regulations allow one. */
export function LateBadge({ count }: { count?: number }) {
  return (
    <Badge color="orange" variant="light" radius="sm" tt="none" data-testid="late-badge">
      {count && count > 1 ? `внесено с опозданием: ${count}` : 'внесено с опозданием'}
    </Badge>
  );
}

export const movementTitle = (kind: string) => MOVEMENT_KIND_TITLES[kind as MovementKind] ?? kind;
export const exitReasonTitle = (code: string | null) =>
  code ? (EXIT_REASONS[code as ExitReason]?.title ?? code) : '';
export const promotionTitle = (t: string | null) =>
  t ? (PROMOTION_TYPE_TITLES[t as PromotionType] ?? t) : '';

/** The movement's details in one line of text, as the printed order lists them. */
export function movementDetails(m: {
  kind: string;
  unit: { name: string } | string | null;
  programme?: { name: string } | null;
  promotionType: string | null;
  exitReason: string | null;
  destination: { name: string } | string | null;
  debtSubjects?: string[] | null;
  debtDeadline?: string | null;
}): string {
  const name = (x: { name: string } | string | null | undefined) => (typeof x === 'string' ? x : x?.name);
  const parts: string[] = [];
  if (m.promotionType) parts.push(promotionTitle(m.promotionType));
  if (m.programme) parts.push(m.programme.name);
  if (name(m.unit)) parts.push(`в ${name(m.unit)}`);
  if (m.debtSubjects?.length) parts.push(`задолженность: ${m.debtSubjects.join(', ')}`);
  if (m.exitReason && m.kind !== 'transfer_out') parts.push(exitReasonTitle(m.exitReason));
  if (name(m.destination)) parts.push(`в ${name(m.destination)}`);
  return parts.join('; ');
}
