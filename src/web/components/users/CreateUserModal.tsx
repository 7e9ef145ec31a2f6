import { Button, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { passwordProblems } from '../../../common/password-policy.ts';
import { useCreateUser } from '../../api/users.ts';
import { notifyError, notifySuccess } from '../notify.tsx';
import { PasswordHints } from '../PasswordHints.tsx';
import { useFormState } from '../useFormState.ts';

const EMPTY = { login: '', fullName: '', email: '', password: '' };

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Новый пользователь" size="md">
      {opened && <CreateUserForm onClose={onClose} />}
    </Modal>
  );
}

function CreateUserForm({ onClose }: { onClose: () => void }) {
  const form = useFormState(EMPTY);
  const create = useCreateUser();
  const navigate = useNavigate();
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const { login, fullName, email, password } = form.values;
    const local: Record<string, string> = {};
    if (!login.trim()) local.login = 'Обязательное поле';
    if (!fullName.trim()) local.fullName = 'Обязательное поле';
    if (passwordProblems(password).length > 0) local.password = 'Пароль не соответствует требованиям';
    if (Object.keys(local).length > 0) {
      form.setErrors(local);
      return;
    }
    try {
      const user = await create.mutateAsync({
        login: login.trim(),
        fullName: fullName.trim(),
        ...(email.trim() ? { email: email.trim() } : {}),
        password,
      });
      notifySuccess('Пользователь создан');
      onClose();
      await navigate({ to: '/users/$id', params: { id: user.id } });
    } catch (err) {
      form.applyServerError(err);
      notifyError(err, 'Не удалось создать пользователя');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput label="Логин" required autoComplete="off" {...form.text('login')} />
        <TextInput label="ФИО" required {...form.text('fullName')} />
        <TextInput label="Электронная почта" type="email" {...form.text('email')} />
        <div>
          <PasswordInput
            label="Пароль"
            required
            autoComplete="new-password"
            {...form.text('password')}
            error={form.errors.password ?? (submitted && passwordProblems(form.values.password).length > 0)}
          />
          <PasswordHints password={form.values.password} />
        </div>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button type="submit" loading={create.isPending}>
            Создать
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
