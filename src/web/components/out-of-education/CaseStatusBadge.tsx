import { Badge } from '@mantine/core';
import { STATUS_TITLES } from '../../api/out-of-education.ts';

const COLORS = {
  detected: 'red',
  checking: 'orange',
  cause_found: 'yellow',
  measures_taken: 'blue',
  closed: 'gray',
};

/** The workflow status of a case, coloured from «just found» to «closed». */
export function CaseStatusBadge({ status }: { status: keyof typeof STATUS_TITLES }) {
  return (
    <Badge color={COLORS[status]} variant="light">
      {STATUS_TITLES[status]}
    </Badge>
  );
}
