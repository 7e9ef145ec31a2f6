import { Button, Checkbox, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { ROLE_SCOPE, ROLE_TITLES, ROLES, type Role } from '../../../common/roles.ts';
import { isApiError } from '../../api/http.ts';
import type { TerritoryKind } from '../../api/types.ts';
import { useGrantRole } from '../../api/users.ts';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { notifyError, notifySuccess } from '../notify.tsx';
import { OrganizationPicker } from '../OrganizationPicker.tsx';
import { TerritorySelect } from '../TerritorySelect.tsx';

// A citizen's role comes from signing in through Госуслуги, not from an operator.
const GRANTABLE = ROLES.filter((r) => r !== 'citizen');

const TERRITORY_SCOPE: Partial<Record<(typeof ROLE_SCOPE)[Role], { label: string; kinds: TerritoryKind[] }>> =
  {
    region: { label: 'Регион', kinds: ['region'] },
    municipality: { label: 'Муниципальное образование', kinds: ['municipality'] },
    region_or_municipality: {
      label: 'Территория (регион или муниципалитет)',
      kinds: ['region', 'municipality'],
    },
  };

type Props = { userId: string; opened: boolean; onClose: () => void };

export function RoleModal({ userId, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Назначение роли" size="md">
      {opened && <RoleForm userId={userId} onClose={onClose} />}
    </Modal>
  );
}

function RoleForm({ userId, onClose }: Omit<Props, 'opened'>) {
  const grant = useGrantRole(userId);
  const [role, setRole] = useState<Role | null>(null);
  const [scope, setScope] = useState<string | null>(null);
  const [healthAccess, setHealthAccess] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const scopeKind = role ? ROLE_SCOPE[role] : null;
  const territory = scopeKind ? TERRITORY_SCOPE[scopeKind] : undefined;

  const submit = async () => {
    if (!role) return setErrors({ role: 'Выберите роль' });
    if (!scope) return setErrors({ scopeNodeId: 'Выберите область действия роли' });
    try {
      await grant.mutateAsync({ role, scopeNodeId: scope, ...(healthAccess ? { healthAccess } : {}) });
      notifySuccess('Роль назначена');
      onClose();
    } catch (err) {
      if (isApiError(err)) setErrors(err.fieldErrors());
      notifyError(err, 'Не удалось назначить роль');
    }
  };

  return (
    <Stack>
      <LabeledSelect
        label="Роль"
        required
        data={GRANTABLE.map((r) => ({ value: r, label: ROLE_TITLES[r] }))}
        value={role}
        onChange={(v) => {
          setRole(v as Role | null);
          setScope(null);
          setErrors({});
        }}
        error={errors.role}
      />
      {territory && (
        <TerritorySelect
          key={scopeKind}
          label={territory.label}
          kinds={territory.kinds}
          required
          value={scope}
          onChange={setScope}
          error={errors.scopeNodeId}
        />
      )}
      {scopeKind === 'organization' && (
        <OrganizationPicker
          label="Организация"
          required
          value={scope}
          onChange={setScope}
          error={errors.scopeNodeId}
        />
      )}
      {role && role !== 'analyst' && role !== 'integration_client' && (
        <Checkbox
          label="Доступ к сведениям о здоровье (особая категория персональных данных)"
          checked={healthAccess}
          onChange={(e) => setHealthAccess(e.currentTarget.checked)}
        />
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Отмена
        </Button>
        <Button onClick={submit} loading={grant.isPending}>
          Назначить
        </Button>
      </Group>
    </Stack>
  );
}
