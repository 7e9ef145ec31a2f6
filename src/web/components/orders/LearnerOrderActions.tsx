import { Button, Menu } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { trajectoryQuery } from '../../api/orders.ts';
import { can, useSession } from '../session.ts';

const ORG_ROLES = new Set(['org_admin', 'org_operator']);

/**
 * «Выбытие» and «Перевод» on a learner's card: a one-learner order of the user's organization, with the
 * learner and their current enrollment there already filled in.
 */
export function LearnerOrderActions({ personId }: { personId: string }) {
  const session = useSession();
  const navigate = useNavigate();
  const mine = new Set(
    (session?.roles ?? []).filter((r) => ORG_ROLES.has(r.role) && r.scopeNodeId).map((r) => r.scopeNodeId!),
  );
  const writes = can(session, 'order.write') && mine.size > 0;
  const trajectory = useQuery({ ...trajectoryQuery(personId), enabled: writes });
  if (!writes || !trajectory.data) return null;
  // An enrollment by order (with a programme) first: that is the one movements change.
  const open = trajectory.data.enrollments
    .filter((e) => !e.endedOn && mine.has(e.organization.id))
    .sort((a, b) => Number(!!b.programme) - Number(!!a.programme))[0];
  if (!open) return null;
  const go = (kind: 'exit' | 'transfer', movement: 'exit' | 'transfer_out' | 'internal_transfer') =>
    void navigate({
      to: '/orders/new',
      search: { organizationId: open.organization.id, kind, movement, personId, enrollmentId: open.id },
    });
  return (
    <>
      <Button variant="default" onClick={() => go('exit', 'exit')}>
        Выбытие
      </Button>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default">Перевод</Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => go('transfer', 'transfer_out')}>В другую организацию</Menu.Item>
          <Menu.Item onClick={() => go('transfer', 'internal_transfer')}>
            Внутри организации (класс, программа, форма)
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
