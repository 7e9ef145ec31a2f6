import { Badge } from '@mantine/core';
import type { OrganizationStatus } from '../api/types.ts';
import { ORG_STATUS_COLORS, ORG_STATUS_LABELS } from './labels.ts';

export function OrgStatusBadge({ status }: { status: OrganizationStatus }) {
  return (
    <Badge color={ORG_STATUS_COLORS[status] ?? 'gray'} variant="light" radius="sm">
      {ORG_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}
