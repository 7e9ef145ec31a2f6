import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { isConflict } from '../../api/http.ts';
import type { User } from '../../api/types.ts';
import { useUpdateUser } from '../../api/users.ts';
import { notifyError, notifySuccess } from '../notify.tsx';
import { useFormState } from '../useFormState.ts';

type Props = { user: User; opened: boolean; onClose: () => void; onReload: () => void };

export function EditUserModal({ user, opened, onClose, onReload }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Изменение пользователя" size="md">
      {opened && <EditUserForm user={user} onClose={onClose} onReload={onReload} />}
    </Modal>
  );
}

function EditUserForm({ user, onClose, onReload }: Omit<Props, 'opened'>) {
  const form = useFormState({ fullName: user.fullName, email: user.email ?? '' });
  const update = useUpdateUser(user.id);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.values.fullName.trim()) return form.setErrors({ fullName: 'Обязательное поле' });
    try {
      await update.mutateAsync({
        version: user.version,
        fullName: form.values.fullName.trim(),
        email: form.values.email.trim() || null,
      });
      notifySuccess('Сведения сохранены');
      onClose();
    } catch (err) {
      form.applyServerError(err);
      notifyError(err, 'Не удалось сохранить');
      if (isConflict(err)) {
        onReload();
        onClose();
      }
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput label="ФИО" required {...form.text('fullName')} />
        <TextInput label="Электронная почта" type="email" {...form.text('email')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button type="submit" loading={update.isPending}>
            Сохранить
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
