import { Badge, type BadgeProps } from '@mantine/core';

/** Badges that wrap instead of cutting the status short in a narrow column. */
export const WRAPPING: BadgeProps['styles'] = {
  root: { height: 'auto', paddingBlock: 2 },
  label: { whiteSpace: 'normal', overflow: 'visible' },
};

import {
  APPLICATION_STATUS_TITLES,
  type ApplicationStatus,
  RIGHT_TITLES,
} from '../../../common/queue-dictionary.ts';

const STATUS_COLORS: Record<ApplicationStatus, string> = {
  new: 'blue',
  under_review: 'blue',
  awaiting_confirmation: 'orange',
  queued: 'teal',
  referred: 'grape',
  enrolled: 'green',
  refused: 'red',
  withdrawn: 'gray',
  archived: 'gray',
  wants_change: 'cyan',
};

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" radius="sm" tt="none" styles={WRAPPING}>
      {APPLICATION_STATUS_TITLES[status]}
    </Badge>
  );
}

/** The right that counts today; a claimed one still waiting is said so, since it does not count yet. */
export function RightBadge({
  right,
  pending,
}: {
  right: 'out_of_turn' | 'first' | 'general';
  pending: boolean;
}) {
  if (right === 'general' && pending)
    return (
      <Badge color="orange" variant="outline" radius="sm" tt="none" styles={WRAPPING}>
        льгота на проверке
      </Badge>
    );
  if (right === 'general') return <span>{RIGHT_TITLES.general}</span>;
  return (
    <Badge
      color={right === 'out_of_turn' ? 'red' : 'violet'}
      variant="light"
      radius="sm"
      tt="none"
      styles={WRAPPING}
    >
      {RIGHT_TITLES[right]}
    </Badge>
  );
}
