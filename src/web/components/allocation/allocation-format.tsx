import { Badge } from '@mantine/core';
import {
  OUTCOME_TITLES,
  REFERRAL_STATUS_TITLES,
  RUN_STATUS_TITLES,
} from '../../../common/queue-dictionary.ts';
import { WRAPPING } from '../queue/queue-format.tsx';

const RUN_COLORS: Record<string, string> = {
  preparing: 'blue',
  running: 'orange',
  draft: 'violet',
  approved: 'green',
  discarded: 'gray',
  failed: 'red',
};

export function RunStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={RUN_COLORS[status] ?? 'gray'} variant="light" radius="sm" tt="none" styles={WRAPPING}>
      {RUN_STATUS_TITLES[status] ?? status}
    </Badge>
  );
}

const OUTCOME_COLORS: Record<string, string> = {
  placed: 'green',
  offered: 'cyan',
  outranked: 'orange',
  no_eligible_group: 'gray',
  kept_current_seat: 'blue',
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Badge color={OUTCOME_COLORS[outcome] ?? 'gray'} variant="light" radius="sm" tt="none" styles={WRAPPING}>
      {OUTCOME_TITLES[outcome] ?? outcome}
    </Badge>
  );
}

const REFERRAL_COLORS: Record<string, string> = {
  issued: 'grape',
  enrolled: 'green',
  refused: 'red',
  expired: 'orange',
  cancelled: 'gray',
};

export function ReferralStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={REFERRAL_COLORS[status] ?? 'gray'} variant="light" radius="sm" tt="none" styles={WRAPPING}>
      {REFERRAL_STATUS_TITLES[status] ?? status}
    </Badge>
  );
}
