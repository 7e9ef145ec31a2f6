import { Badge, Group, Paper, Stack, Text, Timeline } from '@mantine/core';
import {
  EDUCATION_FORM_TITLES,
  ENROLLMENT_STATUS_TITLES,
  type EnrollmentStatus,
  FUNDING_TITLES,
} from '../../../common/movement-dictionary.ts';
import type { Trajectory } from '../../api/orders.ts';
import { formatDate } from '../format.ts';
import { AnchorLink } from '../links.tsx';
import { movementDetails, movementTitle } from './order-format.tsx';

const LEVEL_TITLES: Record<string, string> = {
  preschool: 'Дошкольное образование',
  noo: 'Начальное общее образование',
  ooo: 'Основное общее образование',
  soo: 'Среднее общее образование',
  spo: 'Среднее профессиональное образование',
  additional: 'Дополнительное образование',
};
const STATUS_COLORS: Record<string, string> = {
  enrolled: 'green',
  academic_leave: 'yellow',
  conditional_promotion: 'orange',
  exited: 'gray',
};

const span = (from: string, to: string | null) =>
  to ? `${formatDate(from)} — ${formatDate(to)}` : `с ${formatDate(from)}`;

type Props = {
  trajectory: Trajectory;
  /** Order numbers link to the order for operators; the citizen sees them as text. */
  linkOrders?: boolean;
};

/**
 * The learner's path over the years: each enrollment as a band with its dated statuses and classes,
 * and the order lines that made them as events, cancelled ones struck through with the cancelling order.
 */
export function TrajectoryTimeline({ trajectory, linkOrders = false }: Props) {
  const { enrollments, movements } = trajectory;
  if (enrollments.length === 0 && movements.length === 0)
    return <Text c="dimmed">Приказов о движении и зачислений по программам пока нет.</Text>;
  const loose = movements.filter((m) => !enrollments.some((e) => e.id === m.enrollmentId));
  return (
    <Stack gap="sm" data-testid="trajectory">
      {enrollments.map((e) => {
        const lines = movements.filter((m) => m.enrollmentId === e.id);
        return (
          <Paper
            key={e.id}
            withBorder
            p="sm"
            radius="sm"
            className="trajectory-band"
            data-ended={e.endedOn ? 'true' : 'false'}
            data-testid="trajectory-enrollment"
          >
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
              <div>
                <Text fw={600}>{e.organization.name}</Text>
                <Text size="sm" c="dimmed">
                  {[
                    e.programme
                      ? `${e.programme.name} (${LEVEL_TITLES[e.programme.level] ?? e.programme.level})`
                      : null,
                    e.educationForm
                      ? (EDUCATION_FORM_TITLES[e.educationForm as keyof typeof EDUCATION_FORM_TITLES] ??
                        e.educationForm)
                      : null,
                    e.funding
                      ? (FUNDING_TITLES[e.funding as keyof typeof FUNDING_TITLES] ?? e.funding)
                      : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </div>
              <Text size="sm" fw={500}>
                {span(e.startedOn, e.endedOn)}
              </Text>
            </Group>
            <Group gap={6} mt={6} wrap="wrap">
              {e.periods.map((p) => (
                <Badge
                  key={`${p.status}-${p.from}`}
                  color={STATUS_COLORS[p.status] ?? 'gray'}
                  variant="light"
                  radius="sm"
                  tt="none"
                >
                  {ENROLLMENT_STATUS_TITLES[p.status as EnrollmentStatus] ?? p.status}: {span(p.from, p.to)}
                </Badge>
              ))}
            </Group>
            {e.placements.length > 0 && (
              <Text size="sm" mt={6} data-testid="trajectory-placements">
                Классы (группы):{' '}
                {e.placements.map((p, i) => (
                  <span key={`${p.unit}-${p.from}`}>
                    {i > 0 && ', '}
                    <b>{p.unit}</b> {span(p.from, p.to)}
                  </span>
                ))}
              </Text>
            )}
            {lines.length > 0 && <Events items={lines} linkOrders={linkOrders} />}
          </Paper>
        );
      })}
      {loose.length > 0 && <Events items={loose} linkOrders={linkOrders} />}
    </Stack>
  );
}

function Events({ items, linkOrders }: { items: Trajectory['movements']; linkOrders: boolean }) {
  return (
    <Timeline mt="sm" bulletSize={14} lineWidth={2} active={-1}>
      {items.map((m) => {
        const cancelled = !!m.cancelledBy;
        const order = `приказ № ${m.order.number} от ${formatDate(m.order.orderDate)}`;
        return (
          <Timeline.Item
            key={m.id}
            color={cancelled ? 'gray' : 'blue'}
            title={
              <Text
                size="sm"
                fw={500}
                td={cancelled ? 'line-through' : undefined}
                data-testid="trajectory-event"
              >
                {formatDate(m.effectiveOn)} · {movementTitle(m.kind)}
              </Text>
            }
          >
            <Text size="sm" c="dimmed" td={cancelled ? 'line-through' : undefined}>
              {[movementDetails(m), m.organizationName].filter(Boolean).join(' · ')} ·{' '}
              {linkOrders ? (
                <AnchorLink to="/orders/$id" params={{ id: m.order.id }} size="sm" underline="always">
                  {order}
                </AnchorLink>
              ) : (
                order
              )}
            </Text>
            {m.cancelledBy && (
              <Text size="sm" c="red.8" data-testid="trajectory-cancelled">
                Отменено приказом № {m.cancelledBy.number} от {formatDate(m.cancelledBy.orderDate)}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
